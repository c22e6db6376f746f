/**
 * Keeps a lossless track in time where the browser loses microphone input. Firefox's audio graph
 * runs on its output device's clock; when that falls behind (a busy machine: the render thread
 * late for its device), the input it missed is gone, and a 13 s take came out of the tap up to
 * 4.7 s short. Those seconds cannot come back, but the rest of the take must still line up, so
 * silence goes in for them.
 *
 * Each block carries the wall-clock instant the render thread finished it. Against the samples
 * so far that instant runs late by the render's own delay, which comes and goes, plus what was
 * lost, which stays: the smallest lateness over the last second of blocks is the loss. A second
 * in which the blocks came in a burst (a late render thread catching up, nothing lost) is not
 * judged until blocks spread over most of a second are seen.
 */
export class GapFiller {
  /** The smallest `renderedAt − samples / rate` so far: where the track started, on the wall clock. */
  private origin = Infinity;
  private readonly recent: { at: number; lateMs: number }[] = [];
  private filled = 0;

  constructor(
    private readonly rate: number,
    private readonly windowMs = 1000,
    /** Below this the lateness is the render thread's jitter: nothing is put in. */
    private readonly minGapMs = 40,
  ) {}

  /**
   * A block finished rendering at wall time `renderedAt` (ms), bringing the track to `frames`
   * samples (silence put in before included). Returns how many silent frames go in before it.
   */
  silenceBefore(renderedAt: number, frames: number): number {
    const start = renderedAt - (frames / this.rate) * 1000;
    if (start < this.origin) {
      // An earlier start than any seen: everything so far was that much later than thought.
      const shift = this.origin === Infinity ? 0 : this.origin - start;
      for (const r of this.recent) r.lateMs += shift;
      this.origin = start;
    }
    this.recent.push({ at: renderedAt, lateMs: start - this.origin });
    while (this.recent[0]!.at < renderedAt - this.windowMs) this.recent.shift();
    if (renderedAt - this.recent[0]!.at < 0.75 * this.windowMs) return 0;
    const lostMs = Math.min(...this.recent.map((r) => r.lateMs));
    if (lostMs < this.minGapMs) return 0;
    const gap = Math.round((lostMs * this.rate) / 1000);
    const gapMs = (gap / this.rate) * 1000;
    for (const r of this.recent) r.lateMs -= gapMs;
    this.filled += gap;
    return gap;
  }

  /** Silent frames put in so far. */
  get filledFrames(): number {
    return this.filled;
  }
}
