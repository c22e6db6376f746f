import { describe, expect, it } from 'vitest';
import { BlockStamp } from './block-stamp';

const RATE = 48_000;
const QUANTUM = 128;
/** Frames a device callback brings: four quanta, 10.67 ms. */
const CALLBACK = 512;
const CALLBACK_MS = (CALLBACK / RATE) * 1000;
/** The Firefox tap's blocks: 250 ms. */
const BLOCK = RATE / 4;

let seed = 5;
const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;

interface Sent {
  /** The stamp. */
  at: number;
  /** What the thread's Date.now() said when it sent the block (the stamp before BlockStamp). */
  sentAt: number;
  /** Rendered frames at the block's end. */
  end: number;
}

/**
 * Renders like Firefox's audio thread, as the tap does: callbacks due every CALLBACK_MS, each late
 * by `late(k)` ms, four quanta back to back (0.05 ms each), their frames cut into blocks of BLOCK.
 * A callback `k` for which `lost(k)` holds is never rendered: its input is gone (the thread missed
 * its device), and the frames go on from the next.
 */
function render(callbacks: number, late: (k: number) => number, lost: (k: number) => boolean = () => false): Sent[] {
  const stamp = new BlockStamp(RATE);
  const sent: Sent[] = [];
  let rendered = 0;
  let filled = 0;
  for (let k = 0; k < callbacks; k++) {
    if (lost(k)) continue;
    const due = 1000 + k * CALLBACK_MS;
    for (let q = 0; q < CALLBACK / QUANTUM; q++) {
      const now = due + late(k) + q * 0.05;
      rendered += QUANTUM;
      let at = 0;
      while (at < QUANTUM) {
        const n = Math.min(QUANTUM - at, BLOCK - filled);
        stamp.quantum(now, rendered);
        filled += n;
        at += n;
        if (filled === BLOCK) {
          const end = rendered - (QUANTUM - at);
          sent.push({ at: stamp.take(end, now), sentAt: now, end });
          filled = 0;
        }
      }
    }
  }
  return sent;
}

/** Where rendered frame `i` was captured (its callback's input was all there when it was due), with `lostMs` of input lost before it. */
const truth = (i: number, lostMs = 0) => 1000 - CALLBACK_MS + (i / RATE) * 1000 + lostMs;

describe('BlockStamp', () => {
  it('stamps each block within a millisecond of its last frame’s capture, never before it, where the render was up to 20 ms late', () => {
    // Late by up to 3 ms every time, and by 8–20 ms one callback in ten (a busy core).
    const sent = render(2000, () => random() * 3 + (random() < 0.1 ? 8 + random() * 12 : 0));
    expect(sent.length).toBeGreaterThan(80);
    const errors = sent.map((s) => s.at - truth(s.end));
    expect(Math.min(...errors)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...errors)).toBeLessThan(1);
    // The time the last quantum was rendered was up to 20 ms late: what the marks' slope read.
    expect(Math.max(...sent.map((s) => s.sentAt - truth(s.end)))).toBeGreaterThan(8);
  });

  it('stamps a block whose every quantum was late by the least of them', () => {
    // a core busy for a whole second: every callback 15–25 ms late
    const sent = render(400, (k) => (k >= 100 && k < 200 ? 15 + random() * 10 : random()));
    const busy = sent.filter((s) => s.end - BLOCK >= 100 * CALLBACK && s.end <= 200 * CALLBACK);
    expect(busy.length).toBeGreaterThan(2);
    for (const s of busy) {
      expect(s.at - truth(s.end)).toBeGreaterThanOrEqual(15);
      expect(s.at - truth(s.end)).toBeLessThan(16.5);
    }
  });

  it('stamps a block that lost input inside it by its quanta before the loss, and the next by the loss whole', () => {
    // 200 ms of callbacks (19) never rendered, 100 callbacks in: inside the fifth block
    const sent = render(400, () => random() * 2, (k) => k >= 100 && k < 119);
    const lostMs = 19 * CALLBACK_MS;
    const holding = sent.findIndex((s) => s.end > 100 * CALLBACK);
    expect(sent[holding]!.at - truth(sent[holding]!.end)).toBeLessThan(2.5);
    for (const s of sent.slice(holding + 1)) {
      expect(s.at - truth(s.end, lostMs)).toBeGreaterThanOrEqual(0);
      expect(s.at - truth(s.end, lostMs)).toBeLessThan(2.5);
    }
  });

  it('gives a block no quantum was told of the time it is sent, and never a stamp after it', () => {
    const stamp = new BlockStamp(RATE);
    expect(stamp.take(1000, 5000)).toBe(5000);
    stamp.quantum(4000, 0);
    expect(stamp.take(RATE * 10, 5000)).toBe(5000);
    stamp.quantum(4000, 0);
    stamp.reset();
    expect(stamp.take(RATE, 7000)).toBe(7000);
  });
});
