import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { RecordingDb } from './db';
import { UploadPacer } from './upload-pacing';
import { Uploader } from './uploader';
import { bytes, fakeServer, fields } from './uploader-test-support';

const settle = () => new Promise((r) => setTimeout(r, 30));

/** The store answers each PUT only when the test lets it (calls what `held` keeps). */
function heldPuts(server: ReturnType<typeof fakeServer>) {
  const held: (() => void)[] = [];
  const fetch = (async (...a: Parameters<typeof server.fetch>) => {
    await new Promise<void>((r) => held.push(r));
    return server.fetch(...a);
  }) as typeof server.fetch;
  return { held, fetch };
}

describe('Uploader with a pacer', () => {
  it('while paced uploads one part at a time and holds the next until the call has recovered; after Stop, all at once', async () => {
    const server = fakeServer();
    const pacer = new UploadPacer({ maxInFlight: 4 });
    const db = await RecordingDb.open(new IDBFactory());
    const { held, fetch } = heldPuts(server);
    const up = new Uploader({ db, api: server.api, fetch, minPartBytes: 10, pacer, sleep: async () => {} });
    pacer.setRecording(true);
    pacer.observe({ availableBps: 3e6, sendBps: 1.5e6 });
    const id = await up.begin(fields);
    // parts 1 (held for Stop), 2, 3, 4 of 12 bytes each
    for (let i = 0; i < 12; i++) await up.addChunk(id, bytes(4, i), (i + 1) * 1000);
    await vi.waitFor(() => expect(held).toHaveLength(1));
    await settle();
    expect(held).toHaveLength(1); // one at a time
    // part 2 squeezes the call: the next waits for the call's estimate to come back
    pacer.observe({ availableBps: 200_000, sendBps: 150_000 });
    held.shift()!();
    await vi.waitFor(() => expect(pacer.state().pacedParts).toBe(1));
    await settle();
    expect([...server.stored.keys()]).toEqual([2]);
    expect(held).toHaveLength(0);
    expect(pacer.state().recoverTo).not.toBeNull();
    pacer.observe({ availableBps: 2e6, sendBps: 1.5e6 });
    await vi.waitFor(() => expect(held).toHaveLength(1));
    held.shift()!();
    await vi.waitFor(() => expect([...server.stored.keys()].sort()).toEqual([2, 3]));
    expect(server.max()).toBe(1);
    expect(await db.bytesAtRisk()).toBe(12 * 4 - 24); // the rest waits in IndexedDB, nothing dropped
    // Stop: what is left goes at full concurrency
    pacer.setRecording(false);
    await up.stop(id, 12_000);
    await vi.waitFor(() => expect(held.length).toBeGreaterThan(1));
    const releasing = setInterval(() => held.splice(0).forEach((r) => r()), 5);
    await up.idle();
    clearInterval(releasing);
    expect([...server.stored.keys()].sort()).toEqual([1, 2, 3, 4]);
    expect(server.completed).toHaveLength(1);
    expect(pacer.state()).toMatchObject({ paced: false, parts: 4 });
  });

  it('with no pacer given keeps to maxInFlight', async () => {
    const server = fakeServer();
    const db = await RecordingDb.open(new IDBFactory());
    const { held, fetch } = heldPuts(server);
    const up = new Uploader({ db, api: server.api, fetch, minPartBytes: 10, maxInFlight: 2, sleep: async () => {} });
    const id = await up.begin(fields);
    for (let i = 0; i < 24; i++) await up.addChunk(id, bytes(4, i), (i + 1) * 1000);
    await up.stop(id, 24_000);
    await vi.waitFor(() => expect(held).toHaveLength(2));
    await settle();
    expect(held).toHaveLength(2); // two at a time, never a third
    const releasing = setInterval(() => held.splice(0).forEach((r) => r()), 5);
    await up.idle();
    clearInterval(releasing);
    expect(server.stored.size).toBe(8);
  });
});
