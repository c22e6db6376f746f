import { describe, expect, it } from 'vitest';
import { WAV_HEADER_BYTES, readWavFormat, wavHeader } from '../recording/wav';
import { alignWav, DRIFT_THRESHOLD_PPM, planAlignment } from './aligner';
import { readWavLayout } from './wav-source';
import { collect, concat, read24, streamOf, wavFile } from './test-support';

const RATE = 48_000;
const ramp = (n: number, scale = 1e-6) => Float32Array.from({ length: n }, (_, i) => ((i % 100_000) + 1) * scale);
const dataSize = (wav: Uint8Array) => new DataView(wav.buffer, wav.byteOffset).getUint32(WAV_HEADER_BYTES - 4, true);

describe('alignWav', () => {
  it('pads the start with offsetMs of silence and keeps every sample byte for byte', async () => {
    const stored = wavFile({ sampleRate: RATE, channels: 2 }, [ramp(4800), ramp(4800, -1e-6)]);
    const out = await collect(alignWav(streamOf(stored), { offsetMs: 250, totalBytes: stored.byteLength }));
    const pad = 0.25 * RATE * 6;
    expect(readWavFormat(out)).toEqual({ sampleRate: RATE, channels: 2 });
    expect(dataSize(out)).toBe(pad + 4800 * 6);
    expect(out.byteLength).toBe(WAV_HEADER_BYTES + pad + 4800 * 6);
    expect(out.subarray(WAV_HEADER_BYTES, WAV_HEADER_BYTES + pad).every((b) => b === 0)).toBe(true);
    expect(out.subarray(WAV_HEADER_BYTES + pad)).toEqual(stored.subarray(WAV_HEADER_BYTES));
  });

  it('cuts the head of a track that began before the take (negative offset)', async () => {
    const stored = wavFile({ sampleRate: RATE, channels: 1 }, [ramp(4800)]);
    const out = await collect(alignWav(streamOf(stored, 7), { offsetMs: -10 }));
    expect(dataSize(out)).toBe((4800 - 480) * 3);
    expect(out.subarray(WAV_HEADER_BYTES)).toEqual(stored.subarray(WAV_HEADER_BYTES + 480 * 3));
  });

  it('believes the object size over a header that promises more (a crash-recovered file)', async () => {
    const f = { sampleRate: RATE, channels: 1 };
    const stored = concat([wavHeader(f, 3000), new Uint8Array(1500).fill(1)]);
    const out = await collect(alignWav(streamOf(stored), { offsetMs: 0, totalBytes: stored.byteLength }));
    expect(dataSize(out)).toBe(1500);
  });

  it(`leaves drift under ${DRIFT_THRESHOLD_PPM} ppm alone and corrects more by resampling`, async () => {
    const n = 480_000;
    const f = { sampleRate: RATE, channels: 1 };
    expect(planAlignment(f, n, { offsetMs: 0, driftPpm: DRIFT_THRESHOLD_PPM - 1 }).outFrames).toBe(n);
    // +100 ppm: the recorder captured 100 extra samples per million, so 10 s hold 48 surplus frames
    const plan = planAlignment(f, n, { offsetMs: 0, driftPpm: 100 });
    expect(plan.outFrames).toBe(Math.floor((n - 1) / 1.0001) + 1);
    expect(n - plan.outFrames).toBe(48);
    // a linear ramp stays a ramp: output frame k holds the source's value at k·1.0001
    const stored = wavFile(f, [Float32Array.from({ length: n }, (_, i) => i / 2 ** 23 / 1)]);
    const out = await collect(alignWav(streamOf(stored, 65_537), { offsetMs: 0, driftPpm: 100 }));
    const frames = dataSize(out) / 3;
    expect(frames).toBe(plan.outFrames + (plan.outFrames % 2));
    for (const k of [0, 1, 1000, 123_457, plan.outFrames - 1]) {
      expect(Math.abs(read24(out, WAV_HEADER_BYTES + 3 * k) - k * 1.0001)).toBeLessThanOrEqual(1);
    }
  });

  it('slows a slow clock down the other way (negative drift adds frames)', () => {
    const plan = planAlignment({ sampleRate: RATE, channels: 1 }, 480_000, { offsetMs: 1000, driftPpm: -50 });
    expect(plan.padFrames).toBe(RATE);
    expect(plan.outFrames - 480_000).toBe(24);
  });
});

describe('readWavLayout', () => {
  it('reads RF64 sizes from ds64 and says when the header is not all there yet', () => {
    const f = { sampleRate: RATE, channels: 2 };
    const rf64 = wavHeader(f, 600, true);
    expect(readWavLayout(rf64)).toEqual({ format: f, dataAt: WAV_HEADER_BYTES, dataBytes: 600 });
    expect(readWavLayout(rf64.subarray(0, 60))).toBeNull();
    expect(() => readWavLayout(new TextEncoder().encode('OggS0000WAVEfmt '))).toThrow(/not a WAV/);
  });
});
