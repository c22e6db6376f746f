import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { seeded } from '../test/seeded';
import { bytes, fakeServer, fields, setup } from './uploader-test-support';

describe('Uploader, retries', () => {
  beforeEach(() => vi.restoreAllMocks());

  it('retries network failures and expired URLs with backoff, and keeps chunks until an ETag', async () => {
    const { db, up, server, delays } = await setup();
    let risk = -1;
    server.failures.push(
      () => {
        throw new TypeError('Failed to fetch');
      },
      () => new Response('Request has expired', { status: 403 }),
    );
    const original = server.fetch;
    server.fetch = original;
    const id = await up.begin(fields);
    await up.addChunk(id, bytes(12), 1000);
    await up.stop(id, 1000);
    risk = await db.bytesAtRisk();
    await up.idle();
    expect(risk).toBe(12);
    expect(server.api.presignParts).toHaveBeenCalledTimes(3); // a fresh URL for every try
    expect(delays).toEqual([250, 500]); // half of each ceiling: the injected random draws 0.5
    expect(server.completed).toHaveLength(1);
    expect(await db.bytesAtRisk()).toBe(0);
  });

  it('waits at least the Retry-After of the API and of the store (seconds or a date), plus jitter', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const now = Date.parse('Tue, 01 Dec 2026 10:00:00 GMT');
      vi.setSystemTime(now);
      const { up, server, delays } = await setup();
      vi.mocked(server.api.presignParts).mockRejectedValueOnce(
        new ApiError(503, 'unavailable', 'The database is unavailable.', 2000),
      );
      server.failures.push(
        () => new Response('<Error><Code>SlowDown</Code></Error>', { status: 503, headers: { 'Retry-After': '6' } }),
        () => new Response('', { status: 429, headers: { 'Retry-After': new Date(now + 9000).toUTCString() } }),
      );
      const id = await up.begin(fields);
      await up.addChunk(id, bytes(12), 1000);
      await up.stop(id, 1000);
      await up.idle();
      // Retry-After, then the jitter drawn under that attempt's ceiling (500, 1000, 2000 ms).
      expect(delays).toEqual([2000 + 250, 6000 + 500, 9000 + 1000]);
      expect(server.completed).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('draws each retry at random between 0 and the doubling ceiling, so tabs an outage failed together spread out', async () => {
    const random = seeded(11);
    const server = fakeServer();
    for (let i = 0; i < 6; i++) server.failures.push(() => new Response('', { status: 503 }));
    const { up, delays } = await setup(server, [], random);
    const id = await up.begin(fields);
    await up.addChunk(id, bytes(12), 1000);
    await up.stop(id, 1000);
    await up.idle();
    const expected = seeded(11);
    expect(delays).toEqual([500, 1000, 2000, 4000, 5000, 5000].map((ceiling) => expected() * ceiling));
    expect(new Set(delays).size).toBe(6);
    expect(server.completed).toHaveLength(1);
  });
});
