import { describe, expect, it } from 'vitest';
import { RenderClock } from './render-clock';
import { StartCut } from './start-cut';

const RATE = 48_000;
const QUANTUM = 128;
/** Frames a device callback asks for: four quanta, 10.67 ms. */
const CALLBACK = 512;
const CALLBACK_MS = (CALLBACK / RATE) * 1000;

let seed = 11;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

/**
 * Drives a clock like Firefox's audio thread: callbacks due every CALLBACK_MS (times `1 + ppm`),
 * each late by `late()` ms, rendering four quanta back to back (0.05 ms each). Calls `each` after
 * every quantum with the frame it began at. Returns where each callback was due: the truth.
 */
function drive(clock: RenderClock, callbacks: number, late: (k: number) => number, each: (first: number) => void = () => {}, ppm = 0, from = 1000): (frame: number) => number {
  const period = CALLBACK_MS * (1 + ppm / 1e6);
  for (let k = 0; k < callbacks; k++) {
    const due = from + k * period;
    const at = due + late(k);
    for (let q = 0; q < CALLBACK / QUANTUM; q++) {
      const first = clock.rendered;
      clock.quantum(at + q * 0.05, QUANTUM);
      each(first);
    }
  }
  // The callback that asks for frames [kC, (k+1)C) is due when frame (k+1)C is: frame i's time is due − C + i.
  return (frame) => from - period + (frame / CALLBACK) * period;
}

describe('RenderClock', () => {
  it('places frames where their callback was due, not where in its burst a quantum was rendered', () => {
    const clock = new RenderClock(RATE);
    const placed: [number, number][] = [];
    // Late by up to 3 ms every time, and by 8–20 ms one callback in ten (a busy core).
    const truth = drive(clock, 1000, () => random() * 3 + (random() < 0.1 ? 8 + random() * 12 : 0), (first) => placed.push([first, clock.at(first)]));
    expect(truth(CALLBACK)).toBeCloseTo(1000, 6);
    // After the first window, every quantum is placed within 0.5 ms of its due time (the late
    // callbacks included): rendered-time stamps were up to 20 ms late.
    const settled = placed.slice(200).map(([f, at]) => at - truth(f));
    expect(Math.max(...settled)).toBeLessThan(0.5);
    expect(Math.min(...settled)).toBeGreaterThan(-0.5);
  });

  it('with StartCut, starts a track at the instant to the sample, whichever quantum of a burst holds it', () => {
    for (const startAt of [2000, 2003.3, 2007.77, 2010.5, 2500.01, 3333.3]) {
      const clock = new RenderClock(RATE);
      const cut = new StartCut(RATE, startAt);
      let first: number | undefined;
      drive(clock, 400, () => random() * 12, () => {
        if (cut.started) return;
        first = cut.take([new Float32Array(QUANTUM)], clock.at(clock.rendered))?.firstMs;
      });
      expect(first).toBeDefined();
      // The first kept frame lies within half a frame of the instant, on the smoothed clock.
      expect(Math.abs(first! - startAt)).toBeLessThanOrEqual(500 / RATE + 1e-9);
    }
  });

  it('follows an audio clock 4,000 ppm slow or fast against the wall within 4.5 ms', () => {
    for (const ppm of [4000, -4000]) {
      const clock = new RenderClock(RATE);
      const placed: [number, number][] = [];
      const truth = drive(clock, 2000, () => random() * 3, (first) => placed.push([first, clock.at(first)]), ppm);
      const settled = placed.slice(200).map(([f, at]) => at - truth(f));
      expect(Math.max(...settled.map(Math.abs))).toBeLessThan(4.5);
    }
  });

  it('follows input lost on a late render (the frames jump on the wall) within two windows', () => {
    const clock = new RenderClock(RATE);
    // 5 s in time, then the thread stalls 200 ms and never renders what it missed.
    drive(clock, 470, () => random() * 2);
    const resume = 1000 + 470 * CALLBACK_MS + 200;
    const placed: number[] = [];
    const due: number[] = [];
    drive(clock, 200, () => random() * 2, (first) => {
      placed.push(clock.at(first));
      due.push(resume - CALLBACK_MS + ((first - 470 * CALLBACK) / RATE) * 1000);
    }, 0, resume);
    const after = placed.map((p, i) => p - due[i]!);
    // At first still placed by the clock before the stall (200 ms early), then by the one after it.
    expect(after[0]).toBeLessThan(-190);
    expect(Math.max(...after.slice(400).map(Math.abs))).toBeLessThan(2.5);
  });
});
