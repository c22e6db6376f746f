import { describe, expect, it } from 'vitest';
import { AudioReference, REFERENCE_SECONDS } from './audio-reference';

const RATE = 8000;
const block = (frames: number, value: number, channels = 2) => Array.from({ length: channels }, (_, ch) => new Float32Array(frames).fill(ch === 0 ? value : -value / 2));

describe('AudioReference', () => {
  it('settles with the first seconds, mixed to one channel, once whole and placed', async () => {
    const ref = new AudioReference();
    let settled = false;
    void ref.sound.then(() => (settled = true));
    ref.placedAt(1234.5);
    for (let i = 0; i < REFERENCE_SECONDS * 4 - 1; i++) ref.feed(block(RATE / 4, 0.4), RATE);
    await Promise.resolve();
    expect(settled).toBe(false);
    ref.feed(block(RATE, 0.4), RATE); // more than is needed: the rest is not kept
    const sound = await ref.sound;
    expect(sound!.samples.length).toBe(REFERENCE_SECONDS * RATE);
    expect(sound!.samples[0]).toBeCloseTo(0.1, 6); // (0.4 − 0.2) / 2
    expect(sound!.rate).toBe(RATE);
    expect(sound!.firstLocal).toBe(1234.5);
  });

  it('keeps the longer stretch on either side of silence put in for lost input, and where it lies', async () => {
    const ref = new AudioReference();
    ref.placedAt(3);
    ref.feed(block(RATE, 0.2, 1), RATE);
    ref.lost(RATE / 2, RATE); // counted in the first seconds, never kept as sound
    ref.feed(block(4 * RATE, 0.4, 1), RATE);
    const sound = (await ref.sound)!;
    expect(sound.samples.length).toBe(3.5 * RATE);
    expect(sound.samples.every((v) => Math.abs(v - 0.4) < 1e-6)).toBe(true);
    expect(sound).toMatchObject({ fromMs: 1500, filledBeforeMs: 500, firstLocal: 3 });

    const early = new AudioReference();
    early.placedAt(3);
    early.feed(block(4 * RATE, 0.2, 1), RATE);
    early.lost(RATE / 10, RATE);
    early.feed(block(2 * RATE, 0.4, 1), RATE);
    expect(await early.sound).toMatchObject({ samples: { length: 4 * RATE }, fromMs: 0, filledBeforeMs: 0 });
  });

  it('counts every loss before a stretch, and a long one fills the first seconds', async () => {
    const ref = new AudioReference();
    ref.placedAt(0);
    ref.lost(RATE / 5, RATE); // the track began with silence (StartCut)
    ref.feed(block(RATE / 5, 0.2, 1), RATE);
    ref.lost(RATE / 10, RATE);
    ref.feed(block(RATE, 0.4, 1), RATE);
    ref.lost(9 * RATE, RATE); // past the first seconds: the reference is whole
    expect(await ref.sound).toMatchObject({ samples: { length: RATE }, fromMs: 500, filledBeforeMs: 300 });
    // and where each lies, for a camera begun after the first (camera-sound.ts lostBeforeStretch)
    expect((await ref.sound)!.fillsBefore).toEqual([{ atMs: 0, ms: 200 }, { atMs: 400, ms: 100 }]);
  });

  it('keeps later windows for a camera that found nothing to match in the first, and lets old ones go', async () => {
    const ref = new AudioReference();
    ref.placedAt(7);
    const second = ref.stretch(1);
    for (let i = 0; i < 12; i++) ref.feed(block(RATE, 0.1 * (i + 1), 1), RATE);
    // seconds 5–10 of the track: the sixth to the tenth block's sound
    const s = (await second)!;
    expect(s).toMatchObject({ fromMs: 5000, filledBeforeMs: 0, firstLocal: 7, samples: { length: 5 * RATE } });
    expect(s.samples[0]).toBeCloseTo(0.6, 6);
    expect(s.samples[5 * RATE - 1]).toBeCloseTo(1.0, 6);
    ref.feed(block(4 * RATE, 0.2, 1), RATE); // 16 s: the fourth window is being seen
    expect(await ref.stretch(0)).toBeNull(); // long handed out
    const third = ref.stretch(3);
    ref.end(); // the window being seen is what it got
    expect(await third).toMatchObject({ fromMs: 15_000, samples: { length: RATE } });
    expect(await ref.stretch(4)).toBeNull();
  });

  it('has a window for every 5 s of the take, past its first minute too', async () => {
    const ref = new AudioReference();
    ref.placedAt(0);
    const late = ref.stretch(20); // 100–105 s
    for (let i = 0; i < 106; i++) ref.feed(block(RATE, i >= 100 ? 0.3 : 0, 1), RATE);
    const s = (await late)!;
    expect(s).toMatchObject({ fromMs: 100_000, samples: { length: 5 * RATE } });
    expect(s.samples[0]).toBeCloseTo(0.3, 6);
  });

  it('gives a window whose input was all lost as an empty stretch, not as the end', async () => {
    const ref = new AudioReference();
    ref.placedAt(0);
    ref.feed(block(RATE, 0.2, 1), RATE);
    ref.lost(11 * RATE, RATE); // seconds 1–12 lost
    ref.feed(block(4 * RATE, 0.4, 1), RATE);
    expect(await ref.stretch(1)).toMatchObject({ samples: { length: 0 }, fromMs: 5000, filledBeforeMs: 4000 });
    expect(await ref.stretch(2)).toMatchObject({ samples: { length: 3 * RATE }, fromMs: 12_000, filledBeforeMs: 11_000 });
  });

  it('waits for the placement when the sound is whole first', async () => {
    const ref = new AudioReference();
    ref.feed(block(REFERENCE_SECONDS * RATE, 0.2, 1), RATE);
    let settled = false;
    void ref.sound.then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    ref.placedAt(10);
    expect((await ref.sound)!.firstLocal).toBe(10);
  });

  it('is what it got when the track stops early, and nothing when it never began or was never placed', async () => {
    const short = new AudioReference();
    short.placedAt(5);
    short.feed(block(RATE, 0.2, 1), RATE);
    short.end();
    expect((await short.sound)!.samples.length).toBe(RATE);

    const never = new AudioReference();
    never.end();
    expect(await never.sound).toBeNull();

    const unplaced = new AudioReference();
    unplaced.feed(block(RATE, 0.2, 1), RATE);
    unplaced.end();
    expect(await unplaced.sound).toBeNull();
  });
});
