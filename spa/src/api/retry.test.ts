import { describe, expect, it } from 'vitest';
import { seeded } from '../test/seeded';
import { BACKOFF_CAP_MS, backoffDelay, parseRetryAfter } from './retry';

describe('backoffDelay', () => {
  it('draws uniformly between 0 and a ceiling that doubles from 500 ms up to the 5 s cap', () => {
    expect([0, 1, 2, 3, 4, 10, 80].map((n) => backoffDelay(n, null, { random: () => 0.999999 }))).toEqual(
      [500, 1000, 2000, 4000, 5000, 5000, 5000].map((c) => expect.closeTo(c, 0)),
    );
    expect(backoffDelay(3, null, { random: () => 0 })).toBe(0);
    expect(backoffDelay(1, null, { random: () => 0.25 })).toBe(250);
    const random = seeded(42);
    for (let n = 0; n < 50; n++) {
      const d = backoffDelay(n, null, { random });
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(Math.min(BACKOFF_CAP_MS, 500 * 2 ** n));
    }
  });

  it('spreads browsers that failed together instead of bringing them back at one instant', () => {
    const random = seeded(7);
    const waits = Array.from({ length: 1000 }, () => backoffDelay(4, null, { random }));
    const buckets = new Array(10).fill(0);
    for (const w of waits) buckets[Math.floor(w / 500)]++;
    // Roughly 100 per half-second over the 5 s: no bucket empty, none with a crowd.
    for (const b of buckets) expect(b).toBeGreaterThan(60);
    for (const b of buckets) expect(b).toBeLessThan(140);
  });

  it('never retries before Retry-After, and jitters on top of it; an absurd Retry-After is capped', () => {
    const random = seeded(1);
    const waits = Array.from({ length: 200 }, () => backoffDelay(0, 3000, { random }));
    for (const w of waits) {
      expect(w).toBeGreaterThanOrEqual(3000);
      expect(w).toBeLessThan(3500);
    }
    expect(new Set(waits.map(Math.round)).size).toBeGreaterThan(150);
    expect(backoffDelay(0, 86_400_000, { random: () => 0 })).toBe(120_000);
    expect(backoffDelay(2, 0, { random: () => 0.5 })).toBe(1000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('Tue, 01 Dec 2026 10:00:00 GMT');

  it('reads delta-seconds', () => {
    expect(parseRetryAfter('5', now)).toBe(5000);
    expect(parseRetryAfter(' 0 ', now)).toBe(0);
    expect(parseRetryAfter('120', now)).toBe(120_000);
  });

  it('reads an HTTP date against the clock; a past date means now', () => {
    expect(parseRetryAfter('Tue, 01 Dec 2026 10:00:07 GMT', now)).toBe(7000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 09:59:00 GMT', now)).toBe(0);
  });

  it('ignores what is neither', () => {
    expect(parseRetryAfter(null, now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
    expect(parseRetryAfter('', now)).toBeNull();
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-3', now)).toBeNull();
    expect(parseRetryAfter('1.5', now)).toBeNull();
  });
});

