import { describe, expect, it, vi } from 'vitest';
import { PartsInFlight } from './upload-in-flight';
import type { PartPacer } from './upload-pacing';

function pacer(max: number) {
  const sent: number[] = [];
  const p: PartPacer = { slots: (n) => Math.max(0, max - n), started: () => (bytes) => void sent.push(bytes), onChange: () => () => {} } as PartPacer;
  return { p, sent };
}

describe('PartsInFlight', () => {
  it('starts as many parts as the pacer has slots, each once', () => {
    const { p } = pacer(2);
    const parts = new PartsInFlight(p, () => {});
    const upload = vi.fn(() => new Promise<void>(() => {}));
    parts.start('a', { partNumber: 1, size: 5 }, upload);
    parts.start('a', { partNumber: 1, size: 5 }, upload);
    parts.start('a', { partNumber: 2, size: 5 }, upload);
    parts.start('b', { partNumber: 1, size: 5 }, upload);
    expect(upload).toHaveBeenCalledTimes(2);
    expect(parts.size).toBe(2);
  });

  it('tells the pacer what went up before it says the part ended', async () => {
    const { p, sent } = pacer(1);
    const seen: number[][] = [];
    const parts = new PartsInFlight(p, () => seen.push([...sent]));
    parts.start('a', { partNumber: 3, size: 42 }, async () => {});
    await vi.waitFor(() => expect(seen).toEqual([[42]]));
    expect(parts.size).toBe(0);
  });

  it('frees the slot of a part whose upload failed', async () => {
    const { p } = pacer(1);
    const ended = vi.fn();
    const parts = new PartsInFlight(p, ended);
    parts.start('a', { partNumber: 1, size: 1 }, () => Promise.reject(new Error('x')).catch(() => {}));
    await vi.waitFor(() => expect(ended).toHaveBeenCalled());
    expect(parts.size).toBe(0);
  });
});
