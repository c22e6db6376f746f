import { RecordingDb } from './db';
import { LosslessRecorder, type PcmTapPort, type ScheduledTap } from './lossless';
import { TrackRecorder, type Recorder, type TrackStart } from './recorder';
import type { Placement } from '../sync/placement';
import { Uploader, type TrackProgress, type UploadApi } from './uploader';
import { UploadPacer } from './upload-pacing';

/**
 * The page's recorder/uploader. The app root opens one on page load (any route, see
 * app-services.ts): it finishes recordings a crash or reload left in IndexedDB. A Web Lock per
 * recording keeps a second tab from resuming one this tab is still recording.
 */
export class RecordingService {
  readonly live = new Set<string>();
  /** Each recorder's real start and its place on the server clock, for the end-to-end tests. */
  readonly starts: TrackStart[] = [];
  private constructor(readonly db: RecordingDb, readonly uploader: Uploader, readonly pacer: UploadPacer) {}

  static async open({ api }: { api: UploadApi }): Promise<RecordingService> {
    const db = await RecordingDb.open();
    const releases = new Map<string, () => void>();
    const claim = (localId: string) => {
      if (typeof navigator === 'undefined' || !navigator.locks) return Promise.resolve(true);
      return new Promise<boolean>((resolve) => {
        void navigator.locks.request(`podster-recording-${localId}`, { ifAvailable: true }, (lock) => {
          resolve(lock !== null);
          if (!lock) return undefined;
          return new Promise<void>((release) => releases.set(localId, release));
        });
      });
    };
    const release = (localId: string) => {
      releases.get(localId)?.();
      releases.delete(localId);
    };
    const pacer = new UploadPacer({ enabled: pacingWanted() });
    const service = new RecordingService(db, new Uploader({ db, api, claim, release, pacer }), pacer);
    await service.uploader.resumeAll((id) => service.live.has(id));
    return service;
  }

  private readonly started = (s: TrackStart) => {
    this.starts.push(s);
    if (this.starts.length > 100) this.starts.shift();
  };

  async record(stream: MediaStream, fields: Parameters<typeof TrackRecorder.start>[1], placement?: Placement): Promise<TrackRecorder> {
    const r = await TrackRecorder.start(stream, fields, this.uploader, placement, this.started);
    this.live.add(r.localId);
    return r;
  }

  /** The lossless microphone track of a take, from a tap on the microphone. */
  async recordLossless(
    tap: PcmTapPort | (() => PcmTapPort) | ScheduledTap,
    fields: { roomId: string; takeId: string; label: string },
    placement?: Placement,
  ): Promise<Recorder> {
    const r = await LosslessRecorder.start(tap, fields, this.uploader, placement, this.started);
    this.live.add(r.localId);
    return r;
  }

  async stop(r: Recorder): Promise<void> {
    await r.stop();
    this.live.delete(r.localId);
  }

  snapshot(): TrackProgress[] {
    return this.uploader.snapshot();
  }
}

/** Pacing is off only by a test-only switch (the shaped-uplink benchmark's unpaced side). */
function pacingWanted(): boolean {
  try {
    return globalThis.localStorage?.getItem('podster.uploadPacing') !== 'off';
  } catch {
    return true;
  }
}
