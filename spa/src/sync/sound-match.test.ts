import { describe, expect, it } from 'vitest';
import { envelope, matchLag } from './sound-match';

const RATE = 48_000;

/** `seconds` of quiet noise with 20 ms beeps of 400 Hz at the given times (s), like a fake microphone. */
function beeps(seconds: number, at: number[], rate = RATE, seed = 1): Float32Array {
  const out = new Float32Array(Math.round(seconds * rate));
  let x = seed;
  for (let i = 0; i < out.length; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out[i] = (x / 2147483648 - 0.5) * 0.002;
  }
  for (const t of at) {
    const start = Math.round(t * rate);
    for (let i = 0; i < 0.02 * rate && start + i < out.length; i++) out[start + i]! += 0.5 * Math.sin((2 * Math.PI * 400 * i) / rate);
  }
  return out;
}

/** The same sounds, begun `lateMs` later (so each sits `lateMs` earlier in it), resampled to `rate` and roughened as a codec would. */
function laterCopy(at: number[], seconds: number, lateMs: number, rate = RATE): Float32Array {
  const copy = beeps(seconds, at.map((t) => t - lateMs / 1000).filter((t) => t >= 0), rate, 7);
  for (let i = 0; i < copy.length; i++) copy[i] = Math.round(copy[i]! * 64) / 64;
  return copy;
}

describe('matchLag', () => {
  // Irregular sounds, as speech is: no two lags match alike.
  const sounds = [0.31, 0.9, 1.37, 2.05, 2.4, 3.3, 3.71, 4.6];

  it('finds how much later the probe began, to the millisecond', () => {
    // −290: a Chromium camera file whose audio began that long before its recorder's start()
    for (const late of [-540, -290, -80, -12.5, 0, 7, 56.5, 200, 480]) {
      const ref = envelope(beeps(5, sounds), RATE);
      const probe = envelope(laterCopy(sounds, 5, late), RATE);
      const m = matchLag(ref, probe);
      expect(m.lag, `late ${late}`).not.toBeNull();
      expect(Math.abs(m.lag!.lagMs - late), `late ${late}: ${m.lag!.lagMs}`).toBeLessThan(1);
      expect(m.score).toBeGreaterThan(0.9);
    }
  });

  it('matches a probe at another rate (the camera file decoded at 48 kHz, a 44.1 kHz microphone)', () => {
    const ref = envelope(beeps(5, sounds, 44_100), 44_100);
    const probe = envelope(laterCopy(sounds, 5, 33, 48_000), 48_000);
    expect(matchLag(ref, probe).lag!.lagMs).toBeCloseTo(33, 0);
  });

  it('gives no lag for silence or a steady hum: there is nothing to match', () => {
    const silent = new Float32Array(5 * RATE);
    expect(matchLag(envelope(silent, RATE), envelope(silent, RATE)).lag).toBeNull();
    const hum = (phase: number) => Float32Array.from({ length: 5 * RATE }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / RATE + phase));
    expect(matchLag(envelope(hum(0), RATE), envelope(hum(1), RATE)).lag).toBeNull();
  });

  it('places nothing by a lag beyond the window (a wrong place is worse than none)', () => {
    const ref = envelope(beeps(5, sounds), RATE);
    const probe = envelope(laterCopy(sounds, 5, -700), RATE);
    expect(matchLag(ref, probe).lag).toBeNull();
    expect(matchLag(ref, probe, 800).lag!.lagMs).toBeCloseTo(-700, 0);
  });

  it('gives no lag where a beat repeats within the window (two lags match alike)', () => {
    const steady = Array.from({ length: 25 }, (_, k) => 0.1 + k * 0.2);
    const m = matchLag(envelope(beeps(5, steady), RATE), envelope(laterCopy(steady, 5, 30), RATE));
    expect(m.lag).toBeNull();
    expect(m.score - m.runnerUp).toBeLessThan(0.15);
  });

  it('gives no lag for unrelated sounds', () => {
    const other = [0.5, 1.1, 2.9, 3.05, 4.2];
    expect(matchLag(envelope(beeps(5, sounds), RATE), envelope(beeps(5, other, RATE, 3), RATE)).lag).toBeNull();
  });

  it('gives no lag for too short an overlap', () => {
    expect(matchLag(envelope(beeps(0.3, [0.1]), RATE), envelope(beeps(0.3, [0.1]), RATE)).lag).toBeNull();
  });
});

describe('envelope', () => {
  it('is the loudness of each millisecond', () => {
    const s = new Float32Array(RATE / 10).fill(0.5);
    const e = envelope(s, RATE);
    expect(e.length).toBe(100);
    expect(e[50]).toBeCloseTo(0.5, 6);
  });
});
