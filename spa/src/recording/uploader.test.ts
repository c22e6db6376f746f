import { networkError } from '../api/errors';
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { RecordingDb } from './db';
import { ID } from './ebml';
import { cut, inspect, testWebm } from './webm-test-support';
import { Uploader } from './uploader';
import { bytes, fakeServer, fields, setup } from './uploader-test-support';


describe('Uploader', () => {
  beforeEach(() => vi.restoreAllMocks());

  it('uploads parts of at least the minimum while recording, part 1 at stop, then completes', async () => {
    const { db, up, server } = await setup();
    const id = await up.begin(fields);
    for (let i = 0; i < 7; i++) await up.addChunk(id, bytes(4, i), (i + 1) * 1000);
    await vi.waitFor(() => expect(server.stored.has(2)).toBe(true));
    expect(server.stored.has(1)).toBe(false); // part 1 waits for the duration
    // part 2's chunks are gone from IndexedDB; part 1's and the rest are still there
    expect(await db.bytesAtRisk()).toBe(7 * 4 - 12);
    await up.stop(id, 7200);
    await up.idle();
    expect([...server.stored.keys()].sort()).toEqual([1, 2, 3]);
    expect(server.stored.get(3)!.size).toBe(4);
    expect(server.completed).toEqual([
      { parts: [{ partNumber: 1, etag: '"e1"' }, { partNumber: 2, etag: '"e2"' }, { partNumber: 3, etag: '"e3"' }], durationMs: 7200 },
    ]);
    expect(await db.listRecordings()).toEqual([]);
    expect(await db.bytesAtRisk()).toBe(0);
    expect(up.snapshot()[0]).toMatchObject({ state: 'complete', bytesRecorded: 28, bytesUploaded: 28 });
  });

  it('sends the track’s timing with complete, as placed in IndexedDB, however late its create succeeded', async () => {
    const server = fakeServer();
    const create = server.api.createRecording;
    let refusals = 2;
    server.api.createRecording = vi.fn(async (b) => {
      if (refusals-- > 0) throw networkError();
      return create(b);
    });
    const { db, up } = await setup(server);
    const id = await up.begin({ ...fields, kind: 'audio', mimeType: 'audio/wav' });
    await up.place(id, { firstSampleAt: 1_764_000_003_000.5, clockOffsetMs: -3.25, clockUncertaintyMs: 0.4, sampleRate: 48_000 });
    await up.place(id, { marks: [[1_764_000_003_100, 4800]], samples: 4800 });
    expect((await db.listRecordings())[0]!.timing).toMatchObject({ firstSampleAt: 1_764_000_003_000.5, samples: 4800 });
    await up.addChunk(id, bytes(4), 1000);
    await up.stop(id, 1000);
    await up.idle();
    expect(server.api.createRecording).toHaveBeenCalledTimes(3);
    expect(server.completed[0]).toMatchObject({
      timing: { firstSampleAt: 1_764_000_003_000.5, clockOffsetMs: -3.25, clockUncertaintyMs: 0.4, sampleRate: 48_000, samples: 4800, marks: [[1_764_000_003_100, 4800]] },
    });
  });

  it('sends no timing for a track that was never placed', async () => {
    const { up, server } = await setup();
    const id = await up.begin(fields);
    await up.place(id, { sampleRate: 48_000 });
    await up.addChunk(id, bytes(4), 1000);
    await up.stop(id, 1000);
    await up.idle();
    expect(server.completed[0]).not.toHaveProperty('timing');
  });

  it('packs a live recording without reading its chunks back, and packs every chunk exactly once', async () => {
    const { db, up, server } = await setup();
    const reads = vi.spyOn(db, 'chunkSizes');
    const id = await up.begin(fields);
    // Chunks of 3 bytes arrive faster than the ticks run: parts still cover them all, in order.
    await Promise.all(Array.from({ length: 11 }, (_, i) => up.addChunk(id, bytes(3, i), (i + 1) * 1000)));
    await up.stop(id, 11_000);
    await up.idle();
    expect(reads).not.toHaveBeenCalled();
    const body = [...server.stored.keys()].sort((a, b) => a - b).flatMap((n) => [...server.stored.get(n)!.body]);
    expect(body).toEqual(Array.from({ length: 11 }, (_, i) => [i, i, i]).flat());
    expect(server.completed[0]!.parts.map((p) => p.partNumber)).toEqual([1, 2, 3]);
  });

  it('has at most four parts in flight', async () => {
    const { up, server } = await setup();
    const id = await up.begin(fields);
    for (let i = 0; i < 12; i++) await up.addChunk(id, bytes(10), i);
    await up.stop(id, 12_000);
    await up.idle();
    expect(server.stored.size).toBe(12);
    expect(server.max()).toBeLessThanOrEqual(4);
    expect(server.max()).toBeGreaterThan(1);
  });

  it('does not retry what is the client’s fault', async () => {
    const { up, server } = await setup();
    server.failures.push(() => new Response('no', { status: 400 }));
    const id = await up.begin(fields);
    await up.addChunk(id, bytes(3), 1000);
    await up.stop(id, 1000);
    await up.idle();
    expect(up.snapshot()[0]).toMatchObject({ state: 'failed' });
    expect(server.completed).toEqual([]);
  });

  it('says what a person can do when the quota is full, and finishes on retry once there is room', async () => {
    const { db, up, server } = await setup();
    let full = true;
    const complete = server.api.completeRecording;
    server.api.completeRecording = vi.fn(async (id, body) => {
      if (full) throw new ApiError(413, 'quota_exceeded', 'Storage quota exceeded.');
      return complete(id, body);
    });
    const id = await up.begin(fields);
    await up.addChunk(id, bytes(3), 1000);
    await up.stop(id, 1000);
    await up.idle();
    expect(up.snapshot()[0]).toMatchObject({ state: 'failed', error: expect.stringContaining('storage is full') });
    expect(await db.bytesAtRisk()).toBe(0); // the part is in the store; only the complete is missing
    expect((await db.getRecording(id))?.failed).toContain('try again');
    full = false;
    await up.retry(id);
    await up.idle();
    expect(up.snapshot()[0]).toMatchObject({ state: 'complete' });
    expect(server.completed).toHaveLength(1);
    expect(await db.listRecordings()).toEqual([]);
  });

  it('discards a failed recording: aborts it on the server and forgets it here', async () => {
    const { db, up, server } = await setup();
    server.failures.push(() => new Response('no', { status: 400 }));
    const id = await up.begin(fields);
    await up.addChunk(id, bytes(3), 1000);
    await up.stop(id, 1000);
    await up.idle();
    expect(up.snapshot()[0]?.state).toBe('failed');
    await up.discard(id);
    expect(server.api.deleteRecording).toHaveBeenCalledWith('rec1');
    expect(await db.listRecordings()).toEqual([]);
    expect(await db.bytesAtRisk()).toBe(0);
    expect(up.snapshot()).toEqual([]);
  });

  it('never discards a recording that has not failed', async () => {
    const { db, up } = await setup();
    const id = await up.begin(fields);
    await up.addChunk(id, bytes(3), 1000);
    await up.discard(id);
    expect(await db.getRecording(id)).toBeDefined();
  });

  it('resumes a half-finished recording after a crash: skips what the store holds, finishes the rest', async () => {
    const server = fakeServer();
    const factory = new IDBFactory();
    // the first page: records, uploads part 2, and dies before stopping
    {
      const db = await RecordingDb.open(factory);
      const up = new Uploader({ db, api: server.api, fetch: server.fetch, minPartBytes: 10, sleep: async () => {} });
      const id = await up.begin(fields);
      // the seventh chunk, the newest, is not packed before Stop (WebM)
      for (let i = 0; i < 7; i++) await up.addChunk(id, bytes(5, i), (i + 1) * 1000);
      await vi.waitFor(() => expect(server.stored.has(2)).toBe(true));
      await vi.waitFor(async () => expect((await db.parts(id)).find((p) => p.partNumber === 2)?.etag).toBe('"e2"'));
      db.close();
    }
    // Part 3 reached the store but the page died before it wrote the ETag down.
    const db = await RecordingDb.open(factory);
    const [rec] = await db.listRecordings();
    expect(rec).toMatchObject({ stopped: false, recordingId: 'rec1' });
    server.stored.set(3, { etag: '"e3"', size: 10, body: new Uint8Array(10) });
    const up = new Uploader({ db, api: server.api, fetch: server.fetch, minPartBytes: 10, sleep: async () => {} });
    const putsBefore = vi.mocked(server.fetch).mock.calls.length;
    await up.resumeAll();
    await up.idle();
    const urls = vi.mocked(server.fetch).mock.calls.slice(putsBefore).map((c) => String(c[0]));
    expect(urls.some((u) => u.includes('/p3?'))).toBe(false);
    expect(urls.some((u) => u.includes('/p1?'))).toBe(true);
    expect(server.completed[0]!.parts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4]);
    expect(server.completed[0]!.durationMs).toBe(7000);
    expect(await db.listRecordings()).toEqual([]);
  });

  it('leaves alone a recording another tab owns', async () => {
    const server = fakeServer();
    const factory = new IDBFactory();
    const db = await RecordingDb.open(factory);
    const owner = new Uploader({ db, api: server.api, fetch: server.fetch, minPartBytes: 10, sleep: async () => {} });
    const id = await owner.begin(fields);
    await owner.addChunk(id, bytes(4), 1000);
    const held = new Set([id]);
    const other = new Uploader({
      db: await RecordingDb.open(factory), api: server.api, fetch: server.fetch, minPartBytes: 10, sleep: async () => {},
      claim: async (l) => !held.has(l),
    });
    await other.resumeAll();
    await other.idle();
    expect((await db.getRecording(id))?.stopped).toBe(false);
    await owner.addChunk(id, bytes(4), 2000);
    await owner.stop(id, 2000);
    await owner.idle();
    expect(server.completed).toEqual([{ parts: [{ partNumber: 1, etag: '"e1"' }], durationMs: 2000 }]);
    expect(other.snapshot()).toEqual([]);
  });

  it('completes with parts in order even when they finish out of order', async () => {
    const server = fakeServer();
    const slow = server.fetch;
    let calls = 0;
    server.fetch = (async (url: string, init?: RequestInit) => {
      // the first PUT (part 2) is the slowest
      if (calls++ === 0) await new Promise((r) => setTimeout(r, 30));
      return slow(url, init);
    }) as unknown as typeof fetch;
    const { up } = await setup(server);
    const id = await up.begin(fields);
    for (let i = 0; i < 4; i++) await up.addChunk(id, bytes(10), i * 1000);
    await up.stop(id, 4000);
    await up.idle();
    expect(server.completed[0]!.parts.map((p) => p.partNumber)).toEqual([1, 2, 3, 4]);
  });

  it('creates the server recording on resume when the page died before it could', async () => {
    const server = fakeServer();
    vi.mocked(server.api.createRecording).mockRejectedValueOnce(Object.assign(new Error('x')));
    const factory = new IDBFactory();
    const db = await RecordingDb.open(factory);
    await db.putRecording({
      localId: 'L1', roomId: 'r1', takeId: 't1', kind: 'camera', mimeType: 'video/webm', displayLabel: 'Ada', recordingId: null,
      stopped: false, durationMs: 0, nextSeq: 0, unpackedFrom: 0, nextPart: 1, bytesRecorded: 0, bytesUploaded: 0, createdAt: 0, failed: null,
    });
    await db.appendChunk('L1', bytes(3), 900);
    vi.mocked(server.api.createRecording).mockReset().mockResolvedValue({ recording: { id: 'rec1' } as never });
    const up = new Uploader({ db, api: server.api, fetch: server.fetch, minPartBytes: 10, sleep: async () => {} });
    await up.resumeAll();
    await up.idle();
    expect(server.completed).toEqual([{ parts: [{ partNumber: 1, etag: '"e1"' }], durationMs: 900 }]);
  });
});

describe('Uploader, WebM', () => {
  // Chrome's shape: audio track 1, video track 2, unknown-size clusters; a video keyframe every other second.
  const clusters = Array.from({ length: 8 }, (_, i) => ({
    timecode: i * 1000,
    blocks: [{ track: 2, time: 0, key: i % 2 === 0, bytes: 60 }, { track: 1, time: 4, key: true, bytes: 20 }, { track: 2, time: 33, key: false, bytes: 30 }],
  }));
  const file = testWebm({ clusters });
  const clusterStarts = inspect(file).clusters.map((c) => c.at);
  const joined = (server: ReturnType<typeof fakeServer>) => {
    const parts = [...server.stored.entries()].sort(([a], [b]) => a - b).map(([, p]) => p.body);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
    return out;
  };
  const uploader = (db: RecordingDb, server: ReturnType<typeof fakeServer>) =>
    new Uploader({ db, api: server.api, fetch: server.fetch, minPartBytes: 150, sleep: async () => {} });

  it.each([
    ['after the last chunks, in the part packed at Stop', [...Array.from({ length: 40 }, (_, i) => i * 23), file.length - 50], false],
    // the newest chunk never goes into a part while recording: there is always one to carry the Cues
    ['after the newest chunk when every chunk before it filled a part', [200, 400, 600, 800, 1000], false],
  ])('finishes the take at both ends: SeekHead and Duration in part 1, Cues %s', async (_name, chunkEnds, cuesAlone) => {
    const server = fakeServer();
    const db = await RecordingDb.open(new IDBFactory());
    const up = uploader(db, server);
    const id = await up.begin(fields);
    const chunks = cut(file, chunkEnds as number[]);
    for (const [i, c] of chunks.entries()) await up.addChunk(id, c.slice().buffer, i * 200);
    await vi.waitFor(async () => expect((await db.getRecording(id))!.unpackedFrom).toBe(cuesAlone ? chunks.length : chunks.length - 1));
    await up.stop(id, 8000);
    await up.idle();
    expect(server.stored.size).toBeGreaterThan(3);
    const lastPart = server.stored.get(Math.max(...server.stored.keys()))!.body;
    expect(lastPart.length === inspect(joined(server)).cuesSize).toBe(cuesAlone);
    const seen = inspect(joined(server));
    expect(seen.seeks.map((s) => s.finds)).toEqual([ID.Info, ID.Tracks, ID.Cues]);
    // where the media ends: track 1's last block (7004) plus its gap (1000), not the 8000 the page counted
    expect(seen.duration).toBe(8004);
    expect(seen.cues).toEqual([0, 2, 4, 6].map((n) => ({ time: n * 1000, track: 2, cluster: n })));
    // Each URL was asked for with the size of the bytes PUT to it: part 1 and the trailer as finished.
    const asked = vi.mocked(server.api.presignParts).mock.calls.flatMap(([, parts]) => parts).sort((x, y) => x.partNumber - y.partNumber);
    expect(asked).toEqual([...server.stored].map(([partNumber, p]) => ({ partNumber, size: p.size })).sort((x, y) => x.partNumber - y.partNumber));
  });

  it.each([
    // Durations where the media seen ends: clusters 0–4 end at 4004 + 1000; a cut block's header was seen (5000 + 967)
    ['between two clusters', clusterStarts[5]!, [], 'cues', 5004],
    ['inside a block that starts in the last part: trimmed to the block, then cues', clusterStarts[5]! + 30, [700], 'cues', 5967],
    // the newest chunk is held back from the parts, so the block must start before it to be in an uploaded part
    ['inside a block that starts in a part uploaded before: only the Duration', clusterStarts[5]! + 30, [clusterStarts[5]! + 25], 'duration', 5967],
  ])('resumed after a crash %s', async (_name, crashAt, cuts, outcome, durationMs) => {
    const cued = outcome === 'cues';
    const server = fakeServer();
    const factory = new IDBFactory();
    const recorded = file.subarray(0, crashAt as number);
    {
      const db = await RecordingDb.open(factory);
      const up = uploader(db, server);
      const id = await up.begin(fields);
      for (const c of cut(recorded, [100, 120, 300, 301, 500, ...(cuts as number[])])) await up.addChunk(id, c.slice().buffer, 1000);
      await vi.waitFor(() => expect(server.stored.has(2)).toBe(true));
      db.close();
    }
    const up = uploader(await RecordingDb.open(factory), server);
    await up.resumeAll();
    await up.idle();
    expect(server.completed).toHaveLength(1);
    const out = joined(server);
    const seen = inspect(cued ? out : out.subarray(0, out.length - 30));
    expect(seen.duration).toBe(durationMs);
    if (cued) {
      expect(seen.cues).toEqual([0, 2, 4].map((n) => ({ time: n * 1000, track: 2, cluster: n })));
      expect(seen.seeks.map((s) => s.finds)).toEqual([ID.Info, ID.Tracks, ID.Cues]);
    } else {
      expect(seen.hasCues).toBe(false);
      expect(out.length).toBe(recorded.length + 18);
    }
  });
});
