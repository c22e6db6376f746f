import { describe, expect, it, vi } from 'vitest';
import { CameraSound } from './camera-sound';
import type { ReferenceSound } from '../sync/audio-reference';

const RATE = 8000;

/** Irregular beeps (s) in `seconds` of silence, the signal shifted `lateMs` earlier (it began that much later). */
function sound(seconds: number, lateMs = 0): Float32Array {
  const out = new Float32Array(seconds * RATE);
  for (const t of [0.31, 0.9, 1.37, 2.05, 2.4, 3.3, 3.71, 4.6]) {
    const at = Math.round((t - lateMs / 1000) * RATE);
    for (let i = 0; i < 0.02 * RATE; i++) if (at + i >= 0 && at + i < out.length) out[at + i] = 0.5 * Math.sin(i);
  }
  return out;
}

const reference = (firstLocal: number): Promise<ReferenceSound> => Promise.resolve({ samples: sound(5), rate: RATE, firstLocal, fromMs: 0, filledBeforeMs: 0 });

/** Beeps at `times` (s), each 20 ms of a tone, in `seconds` of silence. */
function beeps(times: number[], seconds: number): Float32Array {
  const out = new Float32Array(seconds * RATE);
  for (const t of times) {
    const at = Math.round(t * RATE);
    for (let i = 0; i < 0.02 * RATE; i++) if (at + i >= 0 && at + i < out.length) out[at + i] = 0.5 * Math.sin(i);
  }
  return out;
}

describe('CameraSound', () => {
  it('places the file by where its sound is in the reference, less the audio lead', async () => {
    // The camera's audio began 60 ms after the lossless track's, 21 ms into its file.
    const decode = vi.fn(async (file: ArrayBuffer, rate: number) => (expect(rate).toBe(RATE), expect(file.byteLength).toBe(6), sound(5, 60)));
    const cam = new CameraSound(decode);
    for (let s = 1; s <= 6; s++) cam.see(new Uint8Array([s]).buffer, s * 1000);
    cam.see(new Uint8Array([7]).buffer, 7000); // past what is kept
    const t = await cam.timeZero(reference(1000), Promise.resolve(21));
    expect(t.local).toBeCloseTo(1000 + 60 - 21, 0);
    expect(t.match!.score).toBeGreaterThan(0.9);
  });

  it('placed by a stretch after input both recorders lost, puts the file where its sounds from there on meet the track’s', async () => {
    // The microphone beeped at these times (s from the lossless track's first sample); 1.0–1.5 s
    // of its input was lost. The lossless track has silence there, the reference is its stretch
    // from 1.5 s; the camera's audio began 60 ms after the lossless track and simply lacks it.
    const times = [0.2, 0.71, 1.62, 2.05, 2.81, 3.3, 3.71, 4.6, 5.17];
    const stretch = beeps(times.filter((t) => t >= 1.5).map((t) => t - 1.5), 3.5);
    const camera = beeps(times.flatMap((t) => (t < 1 ? [t - 0.06] : t >= 1.5 ? [t - 0.56] : [])), 6);
    const cam = new CameraSound(async () => camera);
    cam.see(new ArrayBuffer(1), 6000);
    const ref = Promise.resolve({ samples: stretch, rate: RATE, firstLocal: 1000, fromMs: 1500, filledBeforeMs: 500 });
    const t = await cam.timeZero(ref, Promise.resolve(21));
    // from 1.5 s on, a sound c into the camera's audio is c + 560 ms into the lossless track
    expect(t.match!.lag!.lagMs).toBeCloseTo(560, 0);
    expect(t.local).toBeCloseTo(1000 + 560 - 21, 0);
    expect(t.match!.score).toBeGreaterThan(0.9);
  });

  it('matches what it has when the recording stops early', async () => {
    const cam = new CameraSound(async () => sound(3, -15));
    cam.see(new ArrayBuffer(1), 1000);
    cam.stopped();
    const t = await cam.timeZero(reference(0), Promise.resolve(0));
    expect(t.local).toBeCloseTo(-15, 0);
  });

  it('does not place the file where the sound does not tell, the decoder fails or there is no reference or lead', async () => {
    const silent = new CameraSound(async () => new Float32Array(5 * RATE));
    silent.stopped();
    silent.see(new ArrayBuffer(1), 0);
    expect(await silent.timeZero(reference(0), Promise.resolve(0))).toMatchObject({ local: null, why: expect.stringMatching(/^the sounds do not match/) });

    const broken = new CameraSound(async () => {
      throw new Error('EncodingError');
    });
    broken.see(new ArrayBuffer(1), 6000);
    expect(await broken.timeZero(reference(0), Promise.resolve(0))).toEqual({ local: null, why: 'its audio does not decode: EncodingError' });

    const decode = vi.fn(async () => sound(5));
    const noRef = new CameraSound(decode);
    noRef.see(new ArrayBuffer(1), 6000);
    expect(await noRef.timeZero(Promise.resolve(null), Promise.resolve(0))).toEqual({ local: null, why: 'no lossless sound to match' });
    const noLead = new CameraSound(decode);
    noLead.see(new ArrayBuffer(1), 6000);
    expect(await noLead.timeZero(reference(0), Promise.resolve(null))).toEqual({ local: null, why: 'no audio block in the file' });
    expect(decode).not.toHaveBeenCalled();
  });

  it('gives up on a decoder that never answers', async () => {
    vi.useFakeTimers();
    try {
      const cam = new CameraSound(() => new Promise(() => {}));
      cam.see(new ArrayBuffer(1), 6000);
      const t = cam.timeZero(reference(0), Promise.resolve(0));
      await vi.advanceTimersByTimeAsync(5000);
      expect(await t).toEqual({ local: null, why: 'its audio does not decode: no answer' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up waiting for a reference that never comes', async () => {
    vi.useFakeTimers();
    try {
      const cam = new CameraSound(async () => sound(5));
      cam.see(new ArrayBuffer(1), 6000);
      const t = cam.timeZero(new Promise(() => {}), Promise.resolve(0));
      await vi.advanceTimersByTimeAsync(10_000);
      expect((await t).local).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
