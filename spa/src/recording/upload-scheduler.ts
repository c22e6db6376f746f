import type { LocalRecording, Part, RecordingDb } from './db';
import { describeUploadFailure } from './failure';
import type { RecordingClaims } from './upload-claims';
import { PartsInFlight } from './upload-in-flight';
import { RecordingJobs } from './upload-jobs';
import { PassLoop } from './upload-loop';
import type { PartPacking } from './upload-packing';
import type { PartPacer } from './upload-pacing';
import { partBody } from './upload-part-body';
import { putPart } from './upload-part-put';
import type { UploadProgress } from './upload-progress';
import { completeOnServer, createOnServer } from './upload-server';
import type { UploadApi, UploadTokens } from './upload-token';

/** What the scheduler works with: the uploader makes each and shares it. */
export interface SchedulerParts {
  db: RecordingDb;
  /** Already scoped by `tokens` (see UploadTokens.scope). */
  api: UploadApi;
  fetch: typeof fetch;
  retry: <T>(op: () => Promise<T>) => Promise<T>;
  tokens: UploadTokens;
  claims: RecordingClaims;
  packing: PartPacking;
  progress: UploadProgress;
  pacer: PartPacer;
}

/**
 * The uploader's background work. Each pass looks at every recording this tab owns and starts its
 * next steps (create it on the server, pack and upload parts, complete it), without waiting for
 * them; each step's end kicks another pass. A step that fails for good fails its recording.
 */
export class UploadScheduler {
  private readonly jobs = new RecordingJobs((id, e) => this.fail(id, e), () => this.kick());
  private readonly inFlight: PartsInFlight;
  private readonly loop = new PassLoop(() => this.pass(), () => !this.p.progress.pending() && this.inFlight.size === 0);

  constructor(private readonly p: SchedulerParts) {
    this.inFlight = new PartsInFlight(p.pacer, () => this.kick());
    p.pacer.onChange(() => this.kick());
  }

  kick(): void {
    this.loop.kick();
  }

  /** Resolves when nothing is left to upload. */
  idle(): Promise<void> {
    return this.loop.idle();
  }

  /** The recording's work here is over (complete, failed, discarded). */
  letGo(localId: string): void {
    this.p.claims.release(localId);
    this.p.packing.forget(localId);
  }

  private async pass(): Promise<void> {
    const { db, tokens, claims } = this.p;
    for (const rec of await db.listRecordings()) {
      tokens.remember(rec);
      if (!claims.owns(rec.localId) || rec.failed || this.jobs.running(rec.localId)) continue;
      if (!rec.recordingId) {
        this.jobs.run(rec.localId, () => this.create(rec));
        continue;
      }
      await this.p.packing.pack(rec);
      const parts = await db.parts(rec.localId);
      const waiting = parts.filter((p) => p.etag === null);
      if (rec.stopped && waiting.length === 0 && rec.unpackedFrom >= rec.nextSeq) {
        this.jobs.run(rec.localId, () => this.complete(rec, parts));
        continue;
      }
      for (const p of waiting) {
        // Part 1 carries the file header: it waits for the stop, to be written with the duration.
        if (p.partNumber === 1 && !rec.stopped) continue;
        this.inFlight.start(rec.localId, p, () => this.uploadPart(rec, p));
      }
    }
  }

  private async create(rec: LocalRecording): Promise<void> {
    const saved = await createOnServer(this.p.api, this.p.db, rec, this.p.retry);
    if (saved) this.p.tokens.remember(saved);
  }

  private async uploadPart(rec: LocalRecording, part: Part): Promise<void> {
    const { db, api, retry } = this.p;
    try {
      const body = await partBody(db, rec, part);
      const etag = await retry(() => putPart(api, this.p.fetch, rec.recordingId!, part.partNumber, body));
      const updated = await db.partUploaded(rec.localId, part.partNumber, etag);
      if (updated) this.p.progress.track(updated);
    } catch (e) {
      await this.fail(rec.localId, e);
    }
  }

  private async complete(rec: LocalRecording, parts: Part[]): Promise<void> {
    await completeOnServer(this.p.api, rec, parts, this.p.retry);
    await this.p.db.deleteRecording(rec.localId);
    this.letGo(rec.localId);
    this.p.progress.completed(rec.localId);
  }

  private async fail(localId: string, e: unknown): Promise<void> {
    const message = describeUploadFailure(e);
    await this.p.db.update(localId, (r) => (r.failed = message));
    this.letGo(localId);
    this.p.progress.failed(localId, message);
  }
}
