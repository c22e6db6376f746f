import { describe, expect, it } from 'vitest';
import { inputLatencyMs } from './input-latency';

describe('inputLatencyMs', () => {
  it('reads the browser’s reported input latency in ms', () => {
    expect(inputLatencyMs({ latency: 0.021333 } as MediaTrackSettings)).toBeCloseTo(21.333, 6);
  });

  it('is 0 where the browser says nothing, or something no input buffer is', () => {
    for (const latency of [undefined, 0, -0.01, 1.5, Number.NaN, '0.02']) {
      expect(inputLatencyMs({ latency } as unknown as MediaTrackSettings)).toBe(0);
    }
  });
});
