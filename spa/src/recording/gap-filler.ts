/**
 * Keeps a lossless track in time where the browser loses microphone input. Firefox's audio graph
 * runs on its output device's clock; when that falls behind (a busy machine: the render thread
 * late for its device), the input it missed is gone, and a 13 s take came out of the tap up to
 * 4.7 s short. Those seconds cannot come back, but the rest of the take must still line up, so
 * silence goes in for them, where they were lost.
 *
 * Each block carries the wall-clock instant the render thread finished it. Against the samples
 * so far that instant runs late by the render's own delay, which comes and goes, plus what was
 * lost, which stays: the smallest lateness over a second of blocks is the loss. A late block is
 * held until a second of blocks after it has been seen, and then the silence for what was lost
 * before it goes in just before it, at the loss (a block in time passes at once). (Judged on the second before it instead, as this did at
 * first, the silence went in up to a second after the loss: with a microphone beeping once a
 * second, the Firefox track's beeps came up to 85 ms from their beat.) A late render thread that
 * catches up in a burst (nothing lost) is in time again within that second, so nothing goes in.
 */
export interface Judged<B> {
  block: B;
  /** Silent frames that go in before the block. */
  silenceBefore: number;
}

interface Held<B> {
  block: B;
  renderedAt: number;
  /** `renderedAt − captured frames / rate`: where the track began, as this block tells it. */
  start: number;
}

export class GapFiller<B> {
  private readonly held: Held<B>[] = [];
  /** Frames handed in, silence not included. */
  private captured = 0;
  /** The earliest start any block told: the track's start on the wall clock. */
  private origin = Infinity;
  private filled = 0;

  constructor(
    private readonly rate: number,
    private readonly windowMs = 1000,
    /**
     * Below this the lateness is the stamps' own jitter: nothing is put in. Blocks stamped with the
     * wall time their last quantum was rendered were up to 30 ms late now and then (this was 40);
     * stamped by their quanta's least lateness (BlockStamp), a second's marks lay within 2.3 ms of
     * each other, and a loss of 12 ms left unfilled put the rest of a 12 s take 10 ms early against
     * the microphone and read as −1,300…−2,700 ppm of drift.
     */
    private readonly minGapMs = 10,
  ) {}

  /**
   * A block of `frames` samples finished rendering at wall time `renderedAt` (ms). Returns, in
   * order, the blocks now judged (those a whole window older than this one) with their silence.
   */
  push(block: B, renderedAt: number, frames: number): Judged<B>[] {
    this.captured += frames;
    const start = renderedAt - (this.captured / this.rate) * 1000;
    this.origin = Math.min(this.origin, start);
    this.held.push({ block, renderedAt, start });
    const judged: Judged<B>[] = [];
    // A block in time needs no silence before it whatever follows (the loss before it is at most its
    // own lateness): it goes at once, so what a crash can take stays what it was. Only a late one
    // waits for the window that tells a loss from a burst.
    while (this.held.length > 0 && (renderedAt - this.held[0]!.renderedAt >= this.windowMs || this.inTime(this.held[0]!))) {
      judged.push(this.judge(true));
    }
    return judged;
  }

  /**
   * Every block still held, judged on what was seen after it (at Stop): a block with less than
   * three quarters of a window after it gets no silence, since a late last block cannot be told
   * from a loss.
   */
  flush(): Judged<B>[] {
    const judged: Judged<B>[] = [];
    while (this.held.length > 0) {
      const seenAfter = this.held[this.held.length - 1]!.renderedAt - this.held[0]!.renderedAt;
      judged.push(this.judge(seenAfter >= 0.75 * this.windowMs));
    }
    return judged;
  }

  /**
   * Where the track began on the wall clock, known from its first quantum (TapBlock.firstRenderedAt):
   * a first block whose render fell behind is then judged against it like any other.
   */
  anchor(startedAt: number): void {
    this.origin = Math.min(this.origin, startedAt);
  }

  /** Silent frames put in so far. */
  get filledFrames(): number {
    return this.filled;
  }

  private inTime(h: Held<B>): boolean {
    return h.start - this.origin - (this.filled / this.rate) * 1000 < this.minGapMs;
  }

  private judge(fill: boolean): Judged<B> {
    const first = this.held.shift()!;
    let start = first.start;
    for (const h of this.held) {
      if (h.renderedAt > first.renderedAt + this.windowMs) break;
      start = Math.min(start, h.start);
    }
    const lostMs = start - this.origin - (this.filled / this.rate) * 1000;
    if (!fill || lostMs < this.minGapMs) return { block: first.block, silenceBefore: 0 };
    const silence = Math.round((lostMs * this.rate) / 1000);
    this.filled += silence;
    return { block: first.block, silenceBefore: silence };
  }
}
