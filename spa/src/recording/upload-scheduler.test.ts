import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { RecordingDb } from './db';
import { RecordingClaims } from './upload-claims';
import { PartPacking } from './upload-packing';
import { UploadPacer } from './upload-pacing';
import { UploadProgress } from './upload-progress';
import { UploadScheduler } from './upload-scheduler';
import { dbWithRecording } from './upload-test-db';
import { UploadTokens, type UploadApi } from './upload-token';

function scheduler(db: RecordingDb, fetch: typeof globalThis.fetch) {
  const api: UploadApi = {
    createRecording: vi.fn(async () => ({ recording: { id: 'rec1' } as never })),
    presignParts: vi.fn(async (_id: string, asked: { partNumber: number; size: number }[]) => ({ parts: asked.map((a) => ({ ...a, url: `https://store/p${a.partNumber}`, expiresAt: '' })) })),
    listParts: vi.fn(async () => ({ parts: [] })),
    completeRecording: vi.fn(async () => ({ recording: { id: 'rec1' } as never })),
    deleteRecording: vi.fn(async () => undefined),
  };
  const release = vi.fn();
  const claims = new RecordingClaims(async () => true, release);
  const progress = new UploadProgress();
  const s = new UploadScheduler({
    db, api, fetch, retry: (op) => op(), tokens: new UploadTokens(), claims, packing: new PartPacking(db, 4), progress,
    pacer: new UploadPacer({ enabled: false }),
  });
  return { s, api, claims, progress, release };
}

const stored = (async () => new Response(null, { status: 200, headers: { ETag: '"e"' } })) as unknown as typeof globalThis.fetch;

describe('UploadScheduler', () => {
  it('creates, uploads and completes an owned, stopped recording, then lets it go', async () => {
    const { db, rec } = await dbWithRecording({ chunks: [4, 4] });
    await db.update(rec.localId, (r) => (r.stopped = true));
    const { s, api, claims, progress, release } = scheduler(db, stored);
    claims.own(rec.localId);
    progress.track((await db.getRecording(rec.localId))!);
    s.kick();
    await s.idle();
    expect(api.createRecording).toHaveBeenCalledTimes(1);
    expect(vi.mocked(api.completeRecording).mock.calls[0]![1].parts).toEqual([{ partNumber: 1, etag: '"e"' }, { partNumber: 2, etag: '"e"' }]);
    expect(await db.getRecording(rec.localId)).toBeUndefined();
    expect(progress.snapshot()[0]!.state).toBe('complete');
    expect(claims.owns(rec.localId)).toBe(false);
    expect(release).toHaveBeenCalledWith(rec.localId);
  });

  it('leaves alone what this tab does not own', async () => {
    const { db } = await dbWithRecording({ chunks: [4] });
    const { s, api } = scheduler(db, stored);
    s.kick();
    await s.idle();
    expect(api.createRecording).not.toHaveBeenCalled();
  });

  it('fails the recording when a step fails for good, and keeps it in IndexedDB', async () => {
    const { db, rec } = await dbWithRecording({ chunks: [4] });
    await db.update(rec.localId, (r) => (r.stopped = true));
    const refused = (async () => new Response(null, { status: 413 })) as unknown as typeof globalThis.fetch;
    const { s, claims, progress } = scheduler(db, refused);
    claims.own(rec.localId);
    progress.track((await db.getRecording(rec.localId))!);
    s.kick();
    await vi.waitFor(() => expect(progress.snapshot()[0]!.state).toBe('failed'));
    expect((await db.getRecording(rec.localId))!.failed).toBe(progress.snapshot()[0]!.error);
    expect(claims.owns(rec.localId)).toBe(false);
  });
});
