import type { TrackTiming } from '../sync/placement';
import type { LocalRecording, RecordingDb } from './db';
import { indexNewChunk, newLocalRecording, type NewRecordingFields } from './new-recording';
import { RecordingClaims } from './upload-claims';
import { PartPacking } from './upload-packing';
import { UploadPacer, type PartPacer } from './upload-pacing';
import { UploadProgress, type TrackProgress } from './upload-progress';
import { retrying, type RetryOptions } from './upload-retry';
import { UploadScheduler } from './upload-scheduler';
import { adoptStoredParts } from './upload-server';
import { UploadTokens, type UploadApi } from './upload-token';

export type { UploadApi } from './upload-token';
export type { TrackProgress } from './upload-progress';

export interface UploaderOptions extends RetryOptions {
  db: RecordingDb;
  api: UploadApi;
  fetch?: typeof fetch;
  maxInFlight?: number;
  minPartBytes?: number;
  /**
   * Makes this uploader the only one (of all tabs) working on a recording; false when another tab
   * already is. The page uses Web Locks; the default claims everything.
   */
  claim?: (localId: string) => Promise<boolean>;
  release?: (localId: string) => void;
  /** How many parts may go up at once, and when (upload-pacing); default: `maxInFlight`, unpaced. */
  pacer?: PartPacer;
}

/**
 * Moves recorded chunks from IndexedDB to the object store: packs them into parts, PUTs each to a
 * presigned URL (as many at a time as its pacer lets, retrying network failures and expired URLs
 * with backoff), forgets chunks only once the store answered with an ETag, and completes the upload
 * when the recording has stopped and every part is in. This class is what recorders and the page
 * call; the work runs in UploadScheduler, each step of it in an upload-* module of its own.
 */
export class Uploader {
  private readonly db: RecordingDb;
  private readonly tokens = new UploadTokens();
  private readonly api: UploadApi;
  private readonly claims: RecordingClaims;
  private readonly packing: PartPacking;
  private readonly progress = new UploadProgress();
  private readonly scheduler: UploadScheduler;

  constructor(o: UploaderOptions) {
    this.db = o.db;
    this.api = this.tokens.scope(o.api);
    this.claims = new RecordingClaims(o.claim, o.release);
    this.packing = new PartPacking(o.db, o.minPartBytes);
    this.scheduler = new UploadScheduler({
      db: o.db, api: this.api, tokens: this.tokens, claims: this.claims, packing: this.packing, progress: this.progress,
      fetch: o.fetch ?? ((i, init) => globalThis.fetch(i, init)),
      retry: retrying(o),
      pacer: o.pacer ?? new UploadPacer({ maxInFlight: o.maxInFlight, enabled: false }),
    });
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

  async begin(fields: NewRecordingFields): Promise<string> {
    const rec = newLocalRecording(fields);
    await this.claims.claim(rec.localId);
    this.claims.own(rec.localId);
    this.packing.begun(rec.localId);
    await this.db.putRecording(rec);
    this.changed(rec);
    return rec.localId;
  }

  async addChunk(localId: string, data: ArrayBuffer, elapsedMs: number): Promise<void> {
    const rec = await this.db.appendChunk(localId, data, elapsedMs, indexNewChunk);
    this.packing.added(localId, rec.nextSeq - 1, data.byteLength);
    this.changed(rec);
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
    if (rec) this.changed(rec);
  }

  /**
   * After a reload or crash: every unfinished recording in IndexedDB that no live recorder owns is
   * stopped where it ended, checked against what the store already holds, and finished.
   */
  async resumeAll(isLive: (localId: string) => boolean = () => false): Promise<void> {
    for (const rec of await this.db.listRecordings()) {
      this.tokens.remember(rec);
      if (isLive(rec.localId) || this.claims.owns(rec.localId)) continue;
      if (!(await this.claims.claim(rec.localId))) continue;
      this.claims.own(rec.localId);
      if (!rec.stopped) await this.db.update(rec.localId, (r) => (r.stopped = true));
      await adoptStoredParts(this.api, this.db, rec);
      this.progress.track((await this.db.getRecording(rec.localId)) ?? rec);
    }
    this.scheduler.kick();
  }

  /** Picks a failed recording up again (after the person freed space or logged back in). */
  async retry(localId: string): Promise<void> {
    if (!this.claims.owns(localId) && !(await this.claims.claim(localId))) return;
    const rec = await this.db.update(localId, (r) => (r.failed = null));
    if (!rec) return;
    this.claims.own(localId);
    this.changed(rec);
  }

  /** Gives a failed recording up: aborts its upload on the server and forgets it here. */
  async discard(localId: string): Promise<void> {
    const rec = await this.db.getRecording(localId);
    if (!rec?.failed) return;
    this.tokens.remember(rec);
    if (rec.recordingId) await this.api.deleteRecording(rec.recordingId).catch(() => {});
    await this.db.deleteRecording(localId);
    this.scheduler.letGo(localId);
    this.progress.forget(localId);
  }

  /** Resolves when nothing is left to upload (for tests and the "safe to close" state). */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** What IndexedDB now holds of the recording, shown; and the pass looks for work in it. */
  private changed(rec: LocalRecording): void {
    this.progress.track(rec);
    this.scheduler.kick();
  }
}
