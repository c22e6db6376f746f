/**
 * The audio thread's frames on the wall clock, for the Firefox lossless tap (pcm-tap.worklet.ts).
 * The thread renders its 128-frame quanta in bursts, several per device callback, so the wall time
 * a quantum finishes is late by where it fell in its burst (up to a callback, ~10 ms, and more on
 * busy cores), never early: a track begun at "the first quantum rendered after the instant" began
 * 1–14 ms after it. Frame i's time is therefore read off the earliest finish the recent quanta tell
 * (`finish − frames so far / rate`, the smallest over the last one or two windows): the bursts' late
 * quanta drop out, and the windows are short enough that a clock running 4,000 ppm off the wall
 * (Firefox resampling its input) or input lost on a late render (the figure jumps) are followed
 * within a window.
 */
export class RenderClock {
  private frames = 0;
  private current = Infinity;
  private previous = Infinity;
  private windowStart = -Infinity;

  constructor(
    private readonly rate: number,
    private readonly windowMs = 500,
  ) {}

  /** Frames rendered so far: the index the next quantum begins at. */
  get rendered(): number {
    return this.frames;
  }

  /** A quantum of `frames` finished rendering at wall time `nowMs`. */
  quantum(nowMs: number, frames: number): void {
    this.frames += frames;
    if (nowMs - this.windowStart >= this.windowMs) {
      this.previous = this.current;
      this.current = Infinity;
      this.windowStart = nowMs;
    }
    this.current = Math.min(this.current, nowMs - (this.frames / this.rate) * 1000);
  }

  /** Wall time (ms) of frame `index` (counted from the first quantum this clock was told of). */
  at(index: number): number {
    return Math.min(this.previous, this.current) + (index / this.rate) * 1000;
  }
}
