/**
 * The wall time by which a Firefox tap block's last frame had been captured, from every quantum
 * that carried a part of it (pcm-tap.worklet.ts). The audio thread renders its quanta in bursts,
 * several per device callback and late by where they fall in the burst (up to ~10 ms, more on busy
 * cores), never early: a block stamped with the wall time its last quantum was rendered was late
 * by that quantum's place in its burst, and the lossless track's drift (the server's line under
 * the marks, Drift.java) read 267 ppm in a quiet 12 s take and 1,477 in a loaded one, on a machine
 * whose microphone runs on the system clock. Each quantum bounds the block's end instead:
 * `rendered − frames through it / rate` is the thread's lateness at that quantum, never below the
 * capture, and the least of a block's ~94 quanta is taken (one on time is enough).
 *
 * Input lost inside a block (the thread missed its device and dropped what it missed) leaves that
 * block stamped by its quanta before the loss, as its sample count still is (the silence for the
 * loss goes in after it, see GapFiller): the next block carries the loss whole.
 */
export class BlockStamp {
  /** The least lateness (ms) of the current block's quanta so far. */
  private least = Infinity;

  constructor(private readonly rate: number) {}

  /**
   * A quantum that puts frames into the current block was rendered at wall time `nowMs`, when the
   * thread had rendered `renderedThrough` frames with it (see RenderClock.rendered).
   */
  quantum(nowMs: number, renderedThrough: number): void {
    this.least = Math.min(this.least, nowMs - (renderedThrough / this.rate) * 1000);
  }

  /**
   * The block ends before rendered frame `endIndex`: the wall time its last frame had been
   * captured by (its end, `endIndex`, on the thread's clock), or `fallbackMs` for a block no
   * quantum was told of. The next block starts afresh.
   */
  take(endIndex: number, fallbackMs: number): number {
    const at = this.least === Infinity ? fallbackMs : Math.min(fallbackMs, this.least + (endIndex / this.rate) * 1000);
    this.reset();
    return at;
  }

  /** Forgets the current block's quanta (a new capture begins). */
  reset(): void {
    this.least = Infinity;
  }
}
