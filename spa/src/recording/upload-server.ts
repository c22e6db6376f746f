import { placed } from '../sync/placement';
import type { LocalRecording, Part, RecordingDb } from './db';
import { recordedDurationMs } from './finish';
import type { UploadApi } from './upload-token';

type Retry = <T>(op: () => Promise<T>) => Promise<T>;

/** Makes the recording known to the server; its id and upload token are stored with it. */
export async function createOnServer(api: UploadApi, db: RecordingDb, rec: LocalRecording, retry: Retry): Promise<LocalRecording | undefined> {
  const { recording, uploadToken } = await retry(() =>
    api.createRecording({ roomId: rec.roomId, takeId: rec.takeId, kind: rec.kind, mimeType: rec.mimeType }),
  );
  // Id and token land in one write: a recording the server knows is never left without its token.
  return db.update(rec.localId, (r) => {
    r.recordingId = recording.id;
    r.uploadToken = uploadToken ?? null;
  });
}

/**
 * Completes a stopped recording whose every part is in the store, with its duration and its
 * place on the server clock; one with no part at all (nothing recorded) is deleted instead.
 */
export async function completeOnServer(api: UploadApi, rec: LocalRecording, parts: Part[], retry: Retry): Promise<void> {
  const id = rec.recordingId!;
  if (parts.length === 0) {
    await retry(() => api.deleteRecording(id));
    return;
  }
  await retry(() =>
    api.completeRecording(id, {
      parts: parts.sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ partNumber: p.partNumber, etag: p.etag! })),
      durationMs: Math.round(recordedDurationMs(rec)),
      ...(placed(rec.timing) ? { timing: rec.timing } : {}),
    }),
  );
}

/**
 * After a reload: parts the store holds that this browser never heard back about (the tab died
 * during the PUT) count as uploaded when the store has them at the size packed, so they are not
 * sent again. Best effort: what it cannot learn, the uploads find out again.
 */
export async function adoptStoredParts(api: UploadApi, db: RecordingDb, rec: LocalRecording): Promise<void> {
  if (!rec.recordingId) return;
  try {
    const stored = await api.listParts(rec.recordingId);
    const local = await db.parts(rec.localId);
    for (const s of stored.parts) {
      const mine = local.find((p) => p.partNumber === s.partNumber);
      if (mine && mine.etag === null && mine.size === s.size) await db.partUploaded(rec.localId, s.partNumber, s.etag);
    }
  } catch {
    // the uploads find out again
  }
}
