import { placed, type TrackTiming } from '../sync/placement';
import { ApiError } from '../api/errors';
import { backoffDelay, parseRetryAfter } from '../api/retry';
import type { Kind, LocalRecording, Part, RecordingDb } from './db';
import { describeUploadFailure } from './failure';
import { MIN_PART_BYTES, packParts } from './packer';
import { finishPart, finishingOf, isWebm, needsTrailerPart, recordedDurationMs } from './finish';
import { indexMp4Chunk, isMp4, newMp4Index, packMp4Parts } from './mp4';
import { indexChunk, newWebmIndex } from './webm-index';
import { UploadProgress, type TrackProgress } from './upload-progress';
import { untilDone } from './upload-retry';
import { UploadPacer, type PartPacer } from './upload-pacing';
import { UploadTokens, type UploadApi } from './upload-token';

export type { UploadApi } from './upload-token';
export type { TrackProgress } from './upload-progress';

export interface UploaderOptions {
  db: RecordingDb;
  api: UploadApi;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
  maxInFlight?: number;
  minPartBytes?: number;
  /** The wait before retry `attempt` (0 first), given the answer's Retry-After; default: {@link backoffDelay}. */
  retryDelay?: (attempt: number, retryAfterMs: number | null) => number;
  /** The default retryDelay's jitter, in [0, 1); tests pass a seeded one. */
  random?: () => number;
  /**
   * Makes this uploader the only one (of all tabs) working on a recording; false when another tab
   * already is. The page uses Web Locks; the default claims everything.
   */
  claim?: (localId: string) => Promise<boolean>;
  release?: (localId: string) => void;
  /** How many parts may go up at once, and when (upload-pacing); default: `maxInFlight`, unpaced. */
  pacer?: PartPacer;
}

class Fatal extends Error {}
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * Moves recorded chunks from IndexedDB to the object store: packs them into parts, PUTs each to a
 * presigned URL (as many at a time as its pacer lets, retrying network failures and expired URLs
 * with backoff), forgets chunks only once the store answered with an ETag, and completes the upload
 * when the recording has stopped and every part is in.
 */
export class Uploader {
  private readonly db: RecordingDb;
  private readonly api: UploadApi;
  private readonly fetch: typeof fetch;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly pacer: PartPacer;
  private readonly minPartBytes: number;
  private readonly retryDelay: (attempt: number, retryAfterMs: number | null) => number;
  private readonly inFlight = new Set<string>();
  /** The recordings this uploader works on: begun here, or resumed here. Other tabs own the rest. */
  private readonly owned = new Set<string>();
  private readonly claim: (localId: string) => Promise<boolean>;
  private readonly release: (localId: string) => void;
  private readonly busy = new Set<string>();
  private readonly progress = new UploadProgress();
  /**
   * Per recording, the sizes of its chunks not yet in a part, from `unpackedFrom` on. Packing runs
   * after every chunk; reading the chunks back from IndexedDB to learn their sizes would copy up
   * to a part's worth of video into the tab each second, the whole take long.
   */
  private readonly unpacked = new Map<string, { seq: number; size: number }[]>();
  private readonly tokens = new UploadTokens();
  private readonly waiters = new Set<() => void>();
  private ticking: Promise<void> | null = null;
  private again = false;

  constructor(o: UploaderOptions) {
    this.db = o.db;
    this.api = this.tokens.scope(o.api);
    this.fetch = o.fetch ?? ((i, init) => globalThis.fetch(i, init));
    this.sleep = o.sleep ?? defaultSleep;
    this.pacer = o.pacer ?? new UploadPacer({ maxInFlight: o.maxInFlight, enabled: false });
    this.pacer.onChange(() => this.kick());
    this.minPartBytes = o.minPartBytes ?? MIN_PART_BYTES;
    const random = o.random ?? Math.random;
    this.retryDelay = o.retryDelay ?? ((n, retryAfterMs) => backoffDelay(n, retryAfterMs, { random }));
    this.claim = o.claim ?? (async () => true);
    this.release = o.release ?? (() => {});
  }

  onChange(l: () => void): () => void {
    return this.progress.onChange(l);
  }

  snapshot(): TrackProgress[] {
    return this.progress.snapshot();
  }

  /** True while anything recorded is not yet complete on the server. */
  pending(): boolean {
    return this.progress.pending();
  }

  async begin(fields: { roomId: string; takeId: string; kind: Kind; mimeType: string; label: string }): Promise<string> {
    const localId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}`;
    const rec: LocalRecording = {
      localId, roomId: fields.roomId, takeId: fields.takeId, kind: fields.kind, mimeType: fields.mimeType,
      displayLabel: fields.label, recordingId: null, stopped: false, durationMs: 0, nextSeq: 0, unpackedFrom: 0,
      nextPart: 1, bytesRecorded: 0, bytesUploaded: 0, createdAt: Date.now(), failed: null,
    };
    if (isWebm(rec.mimeType)) rec.webm = newWebmIndex();
    if (isMp4(rec.mimeType)) rec.mp4 = newMp4Index();
    await this.claim(localId);
    this.owned.add(localId);
    this.unpacked.set(localId, []);
    await this.db.putRecording(rec);
    this.track(rec);
    this.kick();
    return localId;
  }

  async addChunk(localId: string, data: ArrayBuffer, elapsedMs: number): Promise<void> {
    const rec = await this.db.appendChunk(localId, data, elapsedMs, (r, bytes) => {
      if (r.webm) indexChunk(r.webm, new Uint8Array(bytes));
      if (r.mp4) indexMp4Chunk(r.mp4, new Uint8Array(bytes));
    });
    const sizes = this.unpacked.get(localId);
    const seq = rec.nextSeq - 1;
    // A tick may have reloaded the sizes from IndexedDB meanwhile, this chunk among them.
    if (sizes && (sizes.length === 0 || sizes[sizes.length - 1]!.seq < seq)) sizes.push({ seq, size: data.byteLength });
    this.track(rec);
    this.kick();
  }

  /** A recorder places its track on the server's clock: kept with the recording, sent with complete. */
  async place(localId: string, patch: Partial<TrackTiming>): Promise<void> {
    await this.db.update(localId, (r) => {
      r.timing = { ...r.timing, ...patch };
    });
  }

  /** A recorder says how much IndexedDB refused to take (0 once it has taken everything). */
  holding(localId: string, bytes: number, reason: string | null): void {
    this.progress.holding(localId, bytes, reason);
  }

  async stop(localId: string, durationMs?: number): Promise<void> {
    const rec = await this.db.update(localId, (r) => {
      r.stopped = true;
      if (durationMs !== undefined) r.durationMs = Math.max(r.durationMs, durationMs);
    });
    if (!rec) return;
    this.track(rec);
    this.kick();
  }

  /**
   * After a reload or crash: every unfinished recording in IndexedDB that no live recorder owns is
   * stopped where it ended, checked against what the store already holds, and finished.
   */
  async resumeAll(isLive: (localId: string) => boolean = () => false): Promise<void> {
    for (const rec of await this.db.listRecordings()) {
      this.tokens.remember(rec);
      if (isLive(rec.localId) || this.owned.has(rec.localId)) continue;
      if (!(await this.claim(rec.localId))) continue;
      this.owned.add(rec.localId);
      if (!rec.stopped) await this.db.update(rec.localId, (r) => (r.stopped = true));
      if (rec.recordingId) {
        try {
          const stored = await this.api.listParts(rec.recordingId);
          const local = await this.db.parts(rec.localId);
          for (const s of stored.parts) {
            const mine = local.find((p) => p.partNumber === s.partNumber);
            if (mine && mine.etag === null && mine.size === s.size) await this.db.partUploaded(rec.localId, s.partNumber, s.etag);
          }
        } catch {
          // the uploads below find out again
        }
      }
      this.track((await this.db.getRecording(rec.localId)) ?? rec);
    }
    this.kick();
  }

  /** Picks a failed recording up again (after the person freed space or logged back in). */
  async retry(localId: string): Promise<void> {
    if (!this.owned.has(localId) && !(await this.claim(localId))) return;
    const rec = await this.db.update(localId, (r) => (r.failed = null));
    if (!rec) return;
    this.owned.add(localId);
    this.track(rec);
    this.kick();
  }

  /** Gives a failed recording up: aborts its upload on the server and forgets it here. */
  async discard(localId: string): Promise<void> {
    const rec = await this.db.getRecording(localId);
    if (!rec?.failed) return;
    this.tokens.remember(rec);
    if (rec.recordingId) await this.api.deleteRecording(rec.recordingId).catch(() => {});
    await this.db.deleteRecording(localId);
    this.owned.delete(localId);
    this.unpacked.delete(localId);
    this.release(localId);
    this.progress.forget(localId);
  }

  /** Resolves when nothing is left to upload (for tests and the "safe to close" state). */
  idle(): Promise<void> {
    if (!this.pending() && this.inFlight.size === 0 && !this.ticking) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  private kick(): void {
    if (this.ticking) {
      this.again = true;
      return;
    }
    this.ticking = (async () => {
      do {
        this.again = false;
        try {
          await this.tick();
        } catch (e) {
          console.warn('upload scheduling', e);
        }
      } while (this.again);
      this.ticking = null;
      if (!this.pending() && this.inFlight.size === 0) {
        for (const w of [...this.waiters]) w();
        this.waiters.clear();
      }
    })();
  }

  private async tick(): Promise<void> {
    for (const rec of await this.db.listRecordings()) {
      this.tokens.remember(rec);
      if (!this.owned.has(rec.localId) || rec.failed || this.busy.has(rec.localId)) continue;
      if (!rec.recordingId) {
        this.runForRecording(rec.localId, () => this.create(rec));
        continue;
      }
      // pack what can be packed
      const sizes = await this.unpackedSizes(rec);
      const packed = rec.mp4
        ? packMp4Parts(sizes, rec.stopped, await this.packedBytes(rec), rec.mp4, this.minPartBytes)
        : packParts(sizes, rec.stopped, this.minPartBytes, { holdNewest: isWebm(rec.mimeType) });
      const fresh: Part[] = packed.map((p) => ({ localId: rec.localId, partNumber: rec.nextPart++, ...p, etag: null }));
      if (rec.stopped && (rec.webm || rec.mp4)) {
        // Packing at Stop takes every chunk left: that part ends the file. With none left, WebM's Cues get a part of their own.
        if (fresh.length > 0) fresh[fresh.length - 1]!.trailer = true;
        else if (needsTrailerPart(rec, await this.db.parts(rec.localId))) {
          fresh.push({ localId: rec.localId, partNumber: rec.nextPart++, firstSeq: rec.nextSeq, lastSeq: rec.nextSeq - 1, size: 0, etag: null, trailer: true });
        }
      }
      if (packed.length > 0) rec.unpackedFrom = packed[packed.length - 1]!.lastSeq + 1;
      if (fresh.length > 0) {
        await this.db.addParts(rec.localId, fresh, rec.unpackedFrom, rec.nextPart);
        const packedUpTo = sizes.findIndex((c) => c.seq >= rec.unpackedFrom);
        sizes.splice(0, packedUpTo === -1 ? sizes.length : packedUpTo);
      }
      const parts = await this.db.parts(rec.localId);
      const waiting = parts.filter((p) => p.etag === null);
      if (rec.stopped && waiting.length === 0 && rec.unpackedFrom >= rec.nextSeq) {
        this.runForRecording(rec.localId, () => this.complete(rec, parts));
        continue;
      }
      for (const p of waiting) {
        // Part 1 carries the file header: it waits for the stop, to be written with the duration.
        if (p.partNumber === 1 && !rec.stopped) continue;
        const key = `${rec.localId}:${p.partNumber}`;
        if (this.inFlight.has(key) || this.pacer.slots(this.inFlight.size) === 0) continue;
        this.inFlight.add(key);
        const sent = this.pacer.started();
        void this.uploadPart(rec, p).finally(() => {
          sent(p.size); // before the kick: the pacer's pause holds it
          this.inFlight.delete(key);
          this.kick();
        });
      }
    }
  }

  /**
   * The sizes of the chunks not yet in a part. Kept as chunks arrive; read from IndexedDB only for
   * a recording this tab resumed, or when what is kept does not start where packing stands.
   */
  private async unpackedSizes(rec: LocalRecording): Promise<{ seq: number; size: number }[]> {
    const kept = this.unpacked.get(rec.localId);
    if (kept && (kept.length === 0 || kept[0]!.seq === rec.unpackedFrom)) return kept;
    const read = await this.db.chunkSizes(rec.localId, rec.unpackedFrom);
    this.unpacked.set(rec.localId, read);
    return read;
  }

  /** Where the first chunk not yet in a part starts in the file: the parts so far, end to end. */
  private async packedBytes(rec: LocalRecording): Promise<number> {
    return (await this.db.parts(rec.localId)).reduce((n, p) => n + p.size, 0);
  }

  private runForRecording(localId: string, job: () => Promise<void>): void {
    this.busy.add(localId);
    void job()
      .catch((e) => this.fail(localId, e))
      .finally(() => {
        this.busy.delete(localId);
        this.kick();
      });
  }

  private async create(rec: LocalRecording): Promise<void> {
    const { recording, uploadToken } = await this.withRetry(() =>
      this.api.createRecording({ roomId: rec.roomId, takeId: rec.takeId, kind: rec.kind, mimeType: rec.mimeType }),
    );
    // Id and token land in one write: a recording the server knows is never left without its token.
    const saved = await this.db.update(rec.localId, (r) => {
      r.recordingId = recording.id;
      r.uploadToken = uploadToken ?? null;
    });
    if (saved) this.tokens.remember(saved);
  }

  private async complete(rec: LocalRecording, parts: Part[]): Promise<void> {
    const id = rec.recordingId!;
    if (parts.length === 0) {
      await this.withRetry(() => this.api.deleteRecording(id));
    } else {
      await this.withRetry(() =>
        this.api.completeRecording(id, {
          parts: parts.sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ partNumber: p.partNumber, etag: p.etag! })),
          durationMs: Math.round(recordedDurationMs(rec)),
          ...(placed(rec.timing) ? { timing: rec.timing } : {}),
        }),
      );
    }
    await this.db.deleteRecording(rec.localId);
    this.owned.delete(rec.localId);
    this.unpacked.delete(rec.localId);
    this.release(rec.localId);
    this.progress.completed(rec.localId);
  }

  private async uploadPart(rec: LocalRecording, part: Part): Promise<void> {
    try {
      const body = await this.partBody(rec, part);
      const etag = await this.withRetry(async () => {
        // The URL is bound to this exact length: part 1 and the trailer as finished, not as packed.
        const { parts } = await this.api.presignParts(rec.recordingId!, [{ partNumber: part.partNumber, size: body.byteLength }]);
        const url = parts[0]?.url;
        if (!url) throw new Fatal('no upload address');
        let res: Response;
        try {
          res = await this.fetch(url, { method: 'PUT', body: body as BodyInit });
        } catch {
          throw new ApiError(0, 'network', 'The object store cannot be reached.');
        }
        const tag = res.headers.get('ETag');
        if (res.ok && tag) return tag;
        throw new ApiError(res.ok ? 0 : res.status, 'store', `The object store answered ${res.status}.`, parseRetryAfter(res.headers.get('Retry-After'), Date.now()));
      });
      const updated = await this.db.partUploaded(rec.localId, part.partNumber, etag);
      if (updated) this.track(updated);
    } catch (e) {
      await this.fail(rec.localId, e);
    }
  }

  private async partBody(rec: LocalRecording, part: Part): Promise<Uint8Array> {
    const chunks = await this.db.chunks(rec.localId, part.firstSeq, part.lastSeq);
    if (chunks.length !== part.lastSeq - part.firstSeq + 1) throw new Fatal(`part ${part.partNumber} lost chunks`);
    const out = new Uint8Array(part.size);
    let at = 0;
    for (const c of chunks) {
      out.set(new Uint8Array(c.data), at);
      at += c.data.byteLength;
    }
    if (part.partNumber !== 1 && !part.trailer) return out;
    const fresh = (await this.db.getRecording(rec.localId)) ?? rec;
    return finishPart(out, part, finishingOf(fresh, await this.db.parts(rec.localId), part.partNumber === 1 ? out : undefined));
  }

  /** Retries with jittered backoff that waits at least the answer's Retry-After (see upload-retry). */
  private withRetry<T>(op: () => Promise<T>): Promise<T> {
    return untilDone(op, this.sleep, this.retryDelay);
  }

  private async fail(localId: string, e: unknown): Promise<void> {
    const message = describeUploadFailure(e);
    await this.db.update(localId, (r) => (r.failed = message));
    this.owned.delete(localId);
    this.unpacked.delete(localId);
    this.release(localId);
    this.progress.failed(localId, message);
  }

  private track(rec: LocalRecording): void {
    this.progress.track(rec);
  }
}
