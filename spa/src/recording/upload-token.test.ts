import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { RecordingDb } from './db';
import { Uploader, type UploadApi } from './uploader';

const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill).buffer;
const fields = { roomId: 'r1', takeId: 't1', kind: 'camera' as const, mimeType: 'video/webm;codecs=vp9,opus', label: 'Grace' };
const TOKEN = 'tok-rec1';

/**
 * The API as the server answers it: the session works until `session.state` says otherwise (gone:
 * 401; another account signed in: 403), while calls made with the recording's upload token keep
 * working until the recording is complete. `calls` says which way each upload call went.
 */
function fakeServer() {
  const session = { state: 'ok' as 'ok' | 'gone' | 'other' };
  const stored = new Map<number, { etag: string; size: number }>();
  const completed: { parts: { partNumber: number; etag: string }[]; via: string }[] = [];
  const calls: string[] = [];
  let complete = false;
  const refuse = () => {
    if (session.state === 'gone') throw new ApiError(401, 'unauthenticated', 'Please sign in.');
    if (session.state === 'other') throw new ApiError(403, 'not_owner', 'Only the person who recorded this can upload it.');
  };
  const calls$ = (via: string): UploadApi => ({
    createRecording: vi.fn(async (b) => {
      refuse();
      return { recording: { id: 'rec1', ...b } as never, uploadToken: TOKEN };
    }),
    presignParts: vi.fn(async (_id: string, asked: { partNumber: number; size: number }[]) => {
      calls.push(`presign:${via}`);
      return { parts: asked.map(({ partNumber: n, size }) => ({ partNumber: n, size, url: `https://store/p${n}`, expiresAt: '' })) };
    }),
    listParts: vi.fn(async () => {
      calls.push(`list:${via}`);
      return { parts: [...stored].map(([partNumber, p]) => ({ partNumber, etag: p.etag, size: p.size })) };
    }),
    completeRecording: vi.fn(async (_id, body) => {
      calls.push(`complete:${via}`);
      if (complete && via === 'token') throw new ApiError(409, 'already_complete', 'This recording is already complete.');
      complete = true;
      completed.push({ parts: body.parts, via });
      return { recording: { id: 'rec1', state: 'complete' } as never };
    }),
    deleteRecording: vi.fn(async () => {
      calls.push(`delete:${via}`);
    }),
  });
  const byToken = calls$('token');
  const bySession = calls$('session');
  // Session calls go through `refuse` first.
  const api: UploadApi = {
    createRecording: bySession.createRecording,
    presignParts: async (...a) => (refuse(), bySession.presignParts(...a)),
    listParts: async (...a) => (refuse(), bySession.listParts(...a)),
    completeRecording: async (...a) => (refuse(), bySession.completeRecording(...a)),
    deleteRecording: async (...a) => (refuse(), bySession.deleteRecording(...a)),
    withUploadToken: (token) => {
      if (token !== TOKEN) throw new Error(`wrong token ${token}`);
      return byToken;
    },
  };
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const n = Number(/p(\d+)/.exec(String(url))![1]);
    stored.set(n, { etag: `"e${n}"`, size: (init!.body as Uint8Array).byteLength });
    return new Response(null, { status: 200, headers: { ETag: `"e${n}"` } });
  }) as unknown as typeof globalThis.fetch;
  return { api, fetch, session, stored, completed, calls, byToken };
}

const uploader = (db: RecordingDb, server: ReturnType<typeof fakeServer>) =>
  new Uploader({ db, api: server.api, fetch: server.fetch, minPartBytes: 10, sleep: async () => {} });

describe('Uploader, upload token', () => {
  it('keeps the token with the recording and finishes through it after the session is gone', async () => {
    const server = fakeServer();
    const db = await RecordingDb.open(new IDBFactory());
    const up = uploader(db, server);
    const id = await up.begin(fields);
    await up.addChunk(id, bytes(12, 1), 1000);
    await vi.waitFor(async () => expect(await db.getRecording(id)).toMatchObject({ recordingId: 'rec1', uploadToken: TOKEN }));
    server.session.state = 'gone';
    await up.addChunk(id, bytes(12, 2), 2000);
    await up.stop(id, 2000);
    await up.idle();
    expect(up.snapshot()[0]).toMatchObject({ state: 'complete' });
    expect(server.completed).toEqual([{ parts: [{ partNumber: 1, etag: '"e1"' }, { partNumber: 2, etag: '"e2"' }], via: 'token' }]);
    expect(server.calls.every((c) => c.endsWith(':token'))).toBe(true);
    expect(await db.listRecordings()).toEqual([]);
  });

  it('a browser reopened while signed in as someone else resumes the track with the stored token', async () => {
    const server = fakeServer();
    const factory = new IDBFactory();
    {
      // The guest's tab records, gets part 2 into the store, and dies before Stop.
      const db = await RecordingDb.open(factory);
      const up = uploader(db, server);
      const id = await up.begin(fields);
      // the fifth chunk, the newest, is not packed before Stop (WebM)
      for (let i = 0; i < 5; i++) await up.addChunk(id, bytes(6, i), (i + 1) * 1000);
      await vi.waitFor(async () => expect((await db.parts(id)).find((p) => p.partNumber === 2)?.etag).toBe('"e2"'));
      db.close();
    }
    // Days later: the guest's session is long gone and this browser now carries another account's cookies.
    server.session.state = 'other';
    server.calls.length = 0;
    const db = await RecordingDb.open(factory);
    const up = uploader(db, server);
    await up.resumeAll();
    await up.idle();
    expect(server.calls[0]).toBe('list:token');
    expect(server.completed).toEqual([{ parts: [{ partNumber: 1, etag: '"e1"' }, { partNumber: 2, etag: '"e2"' }, { partNumber: 3, etag: '"e3"' }], via: 'token' }]);
    expect(server.calls.some((c) => c.endsWith(':session'))).toBe(false);
    expect(await db.listRecordings()).toEqual([]);
  });

  it('counts a retried complete that the server answers already_complete as saved', async () => {
    const server = fakeServer();
    const db = await RecordingDb.open(new IDBFactory());
    let lost = true;
    const complete = server.byToken.completeRecording;
    server.byToken.completeRecording = vi.fn(async (rid, body) => {
      const answer = await complete(rid, body);
      if (lost) {
        lost = false;
        throw new ApiError(0, 'network', 'The answer was lost.');
      }
      return answer;
    });
    const up = uploader(db, server);
    const id = await up.begin(fields);
    await up.addChunk(id, bytes(3), 1000);
    await up.stop(id, 1000);
    await up.idle();
    expect(server.calls.filter((c) => c === 'complete:token')).toHaveLength(2);
    expect(up.snapshot()[0]).toMatchObject({ state: 'complete' });
    expect(await db.listRecordings()).toEqual([]);
  });

  it('a recording begun by an older page, without a token, goes on with the session', async () => {
    const server = fakeServer();
    const db = await RecordingDb.open(new IDBFactory());
    await db.putRecording({
      localId: 'L1', roomId: 'r1', takeId: 't1', kind: 'camera', mimeType: 'video/webm', displayLabel: 'Grace', recordingId: 'rec1',
      stopped: true, durationMs: 900, nextSeq: 0, unpackedFrom: 0, nextPart: 1, bytesRecorded: 0, bytesUploaded: 0, createdAt: 0, failed: null,
    });
    await db.appendChunk('L1', bytes(3), 900);
    const up = uploader(db, server);
    await up.resumeAll();
    await up.idle();
    expect(server.completed).toEqual([{ parts: [{ partNumber: 1, etag: '"e1"' }], via: 'session' }]);
  });
});
