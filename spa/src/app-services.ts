import { createApiClient, type ApiClient } from './api/client';
import { HandOver } from './call/handover';
import { RecordingService } from './recording/service';
import { guardUnload } from './recording/unload-guard';
import { exposeToTests } from './test-hooks';

/** The page's services: made once by the app root, handed to components through context (AppServicesProvider). */
export interface AppServices {
  api: ApiClient;
  /** Rejects where this browser cannot record (no IndexedDB); components then show no uploads. */
  recording: Promise<RecordingService>;
  handOver: HandOver;
}

/**
 * The services of a real page: same-origin API, real cookies, the recording service opened at
 * once (any route finishes what a crash or reload left unsent).
 */
export function createAppServices(win: Window): AppServices {
  const api = createApiClient();
  const recording = RecordingService.open({ api });
  recording.then(
    (s) => {
      guardUnload(win, () => s.uploader.pending());
      exposeRecordingToTests(s);
    },
    (e: unknown) => console.error('recordings cannot be resumed', e),
  );
  return { api, recording, handOver: new HandOver() };
}

/** What the end-to-end tests read (`window.__podster`), among them bytes recorded but not yet in the object store. */
function exposeRecordingToTests(s: RecordingService): void {
  exposeToTests({ bytesAtRisk: () => s.db.bytesAtRisk(), uploads: () => s.snapshot(), trackStarts: () => s.starts, uploadPacing: () => s.pacer.state() });
}
