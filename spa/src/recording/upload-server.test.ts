import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { Part } from './db';
import { recordedDurationMs } from './finish';
import { adoptStoredParts, completeOnServer, createOnServer } from './upload-server';
import { dbWithRecording } from './upload-test-db';
import type { UploadApi } from './upload-token';

const once = <T>(op: () => Promise<T>) => op();

function fakeApi(o: Partial<UploadApi> = {}): UploadApi {
  return {
    createRecording: vi.fn(async () => ({ recording: { id: 'rec1' } as never, uploadToken: 'tok' })),
    presignParts: vi.fn(),
    listParts: vi.fn(async () => ({ parts: [] })),
    completeRecording: vi.fn(async () => ({ recording: { id: 'rec1' } as never })),
    deleteRecording: vi.fn(async () => undefined),
    ...o,
  };
}

const part = (n: number, size = 4): Part => ({ localId: 'x', partNumber: n, firstSeq: n - 1, lastSeq: n - 1, size, etag: `"e${n}"` });

describe('createOnServer', () => {
  it('stores the server id and upload token with the recording, in one write', async () => {
    const { db, rec } = await dbWithRecording();
    const api = fakeApi();
    const saved = await createOnServer(api, db, rec, once);
    expect(api.createRecording).toHaveBeenCalledWith({ roomId: 'r1', takeId: 't1', kind: 'audio', mimeType: 'application/octet-stream' });
    expect(saved).toMatchObject({ recordingId: 'rec1', uploadToken: 'tok' });
    expect(await db.getRecording(rec.localId)).toMatchObject({ recordingId: 'rec1', uploadToken: 'tok' });
  });

  it('keeps no token where the server gives none', async () => {
    const { db, rec } = await dbWithRecording();
    const saved = await createOnServer(fakeApi({ createRecording: vi.fn(async () => ({ recording: { id: 'rec2' } as never })) }), db, rec, once);
    expect(saved).toMatchObject({ recordingId: 'rec2', uploadToken: null });
  });
});

describe('completeOnServer', () => {
  it('completes with the parts in order, the duration rounded and the placement when placed', async () => {
    const { rec } = await dbWithRecording();
    const api = fakeApi();
    const timing = { firstSampleAt: 1000, clockOffsetMs: -20, clockUncertaintyMs: 5 };
    const stopped = { ...rec, recordingId: 'rec1', durationMs: 1234.6, timing };
    await completeOnServer(api, stopped, [part(2), part(1)], once);
    const [id, body] = vi.mocked(api.completeRecording).mock.calls[0]!;
    expect(id).toBe('rec1');
    expect(body.parts).toEqual([{ partNumber: 1, etag: '"e1"' }, { partNumber: 2, etag: '"e2"' }]);
    expect(body.durationMs).toBe(Math.round(recordedDurationMs(stopped)));
    expect(Number.isInteger(body.durationMs)).toBe(true);
    expect(body.timing).toEqual(timing);
  });

  it('sends no timing for a track never placed on the server clock', async () => {
    const { rec } = await dbWithRecording();
    const api = fakeApi();
    await completeOnServer(api, { ...rec, recordingId: 'rec1' }, [part(1)], once);
    expect(vi.mocked(api.completeRecording).mock.calls[0]![1]).not.toHaveProperty('timing');
  });

  it('deletes a recording with no part at all instead', async () => {
    const { rec } = await dbWithRecording();
    const api = fakeApi();
    await completeOnServer(api, { ...rec, recordingId: 'rec1' }, [], once);
    expect(api.deleteRecording).toHaveBeenCalledWith('rec1');
    expect(api.completeRecording).not.toHaveBeenCalled();
  });

  it('goes through the given retry', async () => {
    const { rec } = await dbWithRecording();
    let retried = 0;
    const retry = <T,>(op: () => Promise<T>) => (retried++, op());
    await completeOnServer(fakeApi(), { ...rec, recordingId: 'rec1' }, [part(1)], retry);
    expect(retried).toBe(1);
  });
});

describe('adoptStoredParts', () => {
  it('counts a part the store holds at the packed size as uploaded; one of another size is sent again', async () => {
    const { db, rec } = await dbWithRecording({ chunks: [4, 4] });
    await db.addParts(rec.localId, [{ ...part(1), localId: rec.localId, etag: null }, { ...part(2), localId: rec.localId, etag: null }], 2, 3);
    const api = fakeApi({ listParts: vi.fn(async () => ({ parts: [{ partNumber: 1, etag: '"s1"', size: 4 }, { partNumber: 2, etag: '"s2"', size: 3 }] })) });
    await adoptStoredParts(api, db, { ...rec, recordingId: 'rec1' });
    expect((await db.parts(rec.localId)).map((p) => p.etag)).toEqual(['"s1"', null]);
  });

  it('asks nothing for a recording the server does not know, and shrugs off a failed ask', async () => {
    const { db, rec } = await dbWithRecording();
    const api = fakeApi({ listParts: vi.fn(async () => Promise.reject(new Error('offline'))) });
    await adoptStoredParts(api, db, rec);
    expect(api.listParts).not.toHaveBeenCalled();
    await expect(adoptStoredParts(api, db, { ...rec, recordingId: 'rec1' })).resolves.toBeUndefined();
  });
});
