/**
 * The recorder's durable state in IndexedDB: every chunk lands here before anything else, and
 * leaves only after the object store has answered with an ETag for the part that holds it.
 */

import type { TrackTiming } from '../sync/placement';
import type { Mp4Index } from './mp4';
import type { WebmIndex } from './webm-index';

export type Kind = 'camera' | 'screen' | 'audio';

export interface LocalRecording {
  localId: string;
  roomId: string;
  takeId: string;
  kind: Kind;
  mimeType: string;
  displayLabel: string;
  /** The server's recording id, once created. */
  recordingId: string | null;
  /**
   * The recording's upload token, kept with its chunks: the uploader finishes the recording with it
   * even when the session that created it has ended or the browser is signed in as someone else.
   * Absent for recordings begun by older pages (they upload with the session).
   */
  uploadToken?: string | null;
  stopped: boolean;
  durationMs: number;
  nextSeq: number;
  /** The first chunk not yet in a part. */
  unpackedFrom: number;
  nextPart: number;
  bytesRecorded: number;
  bytesUploaded: number;
  createdAt: number;
  failed: string | null;
  /**
   * A WebM recording's seek index, followed chunk by chunk and stored with each chunk, so a page
   * reloaded mid-take still finds it (absent for other formats and for takes begun by older pages).
   */
  webm?: WebmIndex;
  /** A fragmented MP4 recording's box boundaries, followed the same way (recording/mp4). */
  mp4?: Mp4Index;
  /** Where the recorder placed the track on the server's clock (sync/placement), sent with complete. */
  timing?: Partial<TrackTiming>;
}

export interface Chunk {
  localId: string;
  seq: number;
  data: ArrayBuffer;
  elapsedMs: number;
}

export interface Part {
  localId: string;
  partNumber: number;
  firstSeq: number;
  lastSeq: number;
  size: number;
  etag: string | null;
  /** Packed at Stop: the file's last bytes (the WebM Cues) follow its chunks. It may have no chunks (firstSeq > lastSeq). */
  trailer?: boolean;
}

const DB_NAME = 'podster-recordings';

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });
}

export class RecordingDb {
  private constructor(private readonly db: IDBDatabase) {}

  static open(factory: IDBFactory = indexedDB): Promise<RecordingDb> {
    return new Promise((resolve, reject) => {
      const r = factory.open(DB_NAME, 1);
      r.onupgradeneeded = () => {
        const db = r.result;
        db.createObjectStore('recordings', { keyPath: 'localId' });
        db.createObjectStore('chunks', { keyPath: ['localId', 'seq'] });
        db.createObjectStore('parts', { keyPath: ['localId', 'partNumber'] });
      };
      r.onsuccess = () => resolve(new RecordingDb(r.result));
      r.onerror = () => reject(r.error);
    });
  }

  close(): void {
    this.db.close();
  }

  async putRecording(rec: LocalRecording): Promise<void> {
    const tx = this.db.transaction('recordings', 'readwrite');
    tx.objectStore('recordings').put(rec);
    await done(tx);
  }

  getRecording(localId: string): Promise<LocalRecording | undefined> {
    return req(this.db.transaction('recordings').objectStore('recordings').get(localId));
  }

  listRecordings(): Promise<LocalRecording[]> {
    return req(this.db.transaction('recordings').objectStore('recordings').getAll());
  }

  /**
   * Stores one chunk and the recording's counters in one transaction; `annotate` updates the
   * recording from the chunk in the same transaction, so the two never disagree.
   */
  async appendChunk(localId: string, data: ArrayBuffer, elapsedMs: number, annotate?: (rec: LocalRecording, data: ArrayBuffer) => void): Promise<LocalRecording> {
    const tx = this.db.transaction(['recordings', 'chunks'], 'readwrite');
    const recs = tx.objectStore('recordings');
    const rec = (await req(recs.get(localId))) as LocalRecording | undefined;
    if (!rec) throw new Error(`no recording ${localId}`);
    const chunk: Chunk = { localId, seq: rec.nextSeq, data, elapsedMs };
    tx.objectStore('chunks').put(chunk);
    annotate?.(rec, data);
    rec.nextSeq += 1;
    rec.bytesRecorded += data.byteLength;
    rec.durationMs = Math.max(rec.durationMs, elapsedMs);
    recs.put(rec);
    await done(tx);
    return rec;
  }

  chunkSizes(localId: string, fromSeq: number): Promise<{ seq: number; size: number }[]> {
    const range = IDBKeyRange.bound([localId, fromSeq], [localId, Number.MAX_SAFE_INTEGER]);
    return req(this.db.transaction('chunks').objectStore('chunks').getAll(range)).then((cs) =>
      (cs as Chunk[]).map((c) => ({ seq: c.seq, size: c.data.byteLength })),
    );
  }

  async chunks(localId: string, firstSeq: number, lastSeq: number): Promise<Chunk[]> {
    if (firstSeq > lastSeq) return [];
    const range = IDBKeyRange.bound([localId, firstSeq], [localId, lastSeq]);
    return (await req(this.db.transaction('chunks').objectStore('chunks').getAll(range))) as Chunk[];
  }

  /** Read-modify-write of one recording in one transaction (chunks keep arriving meanwhile). */
  async update(localId: string, mutate: (rec: LocalRecording) => void): Promise<LocalRecording | undefined> {
    const tx = this.db.transaction('recordings', 'readwrite');
    const store = tx.objectStore('recordings');
    const rec = (await req(store.get(localId))) as LocalRecording | undefined;
    if (rec) {
      mutate(rec);
      store.put(rec);
    }
    await done(tx);
    return rec;
  }

  /** Records new parts and moves the recording's packing mark, atomically. */
  async addParts(localId: string, parts: Part[], unpackedFrom: number, nextPart: number): Promise<void> {
    const tx = this.db.transaction(['recordings', 'parts'], 'readwrite');
    const store = tx.objectStore('recordings');
    const rec = (await req(store.get(localId))) as LocalRecording | undefined;
    if (!rec) throw new Error(`no recording ${localId}`);
    for (const p of parts) tx.objectStore('parts').put(p);
    rec.unpackedFrom = unpackedFrom;
    rec.nextPart = nextPart;
    store.put(rec);
    await done(tx);
  }

  parts(localId: string): Promise<Part[]> {
    const range = IDBKeyRange.bound([localId, 0], [localId, Number.MAX_SAFE_INTEGER]);
    return req(this.db.transaction('parts').objectStore('parts').getAll(range)) as Promise<Part[]>;
  }

  /** The store holds the part: keep its ETag, drop its chunks. */
  async partUploaded(localId: string, partNumber: number, etag: string): Promise<LocalRecording | undefined> {
    const tx = this.db.transaction(['recordings', 'parts', 'chunks'], 'readwrite');
    const parts = tx.objectStore('parts');
    const part = (await req(parts.get([localId, partNumber]))) as Part | undefined;
    const rec = (await req(tx.objectStore('recordings').get(localId))) as LocalRecording | undefined;
    if (part && rec && part.etag === null) {
      part.etag = etag;
      parts.put(part);
      if (part.firstSeq <= part.lastSeq) tx.objectStore('chunks').delete(IDBKeyRange.bound([localId, part.firstSeq], [localId, part.lastSeq]));
      rec.bytesUploaded += part.size;
      tx.objectStore('recordings').put(rec);
    }
    await done(tx);
    return rec;
  }

  /** Everything about one recording, gone (it is complete on the server, or abandoned). */
  async deleteRecording(localId: string): Promise<void> {
    const tx = this.db.transaction(['recordings', 'parts', 'chunks'], 'readwrite');
    tx.objectStore('recordings').delete(localId);
    tx.objectStore('parts').delete(IDBKeyRange.bound([localId, 0], [localId, Number.MAX_SAFE_INTEGER]));
    tx.objectStore('chunks').delete(IDBKeyRange.bound([localId, 0], [localId, Number.MAX_SAFE_INTEGER]));
    await done(tx);
  }

  /**
   * Bytes of chunks not yet safe in the object store: recorded but not in an uploaded part (chunks
   * leave with their part's ETag). Read from the counters, not the chunks, which would copy them all.
   */
  async bytesAtRisk(): Promise<number> {
    return (await this.listRecordings()).reduce((n, r) => n + r.bytesRecorded - r.bytesUploaded, 0);
  }
}
