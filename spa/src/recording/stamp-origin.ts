/**
 * Where a PCM recorder's time line begins on the page's clock: the capture instant of the first
 * sample it was handed. Its blocks' stamps count from there (capture times), so that one instant
 * places the whole track. It is taken to be the recorder's start() less the browser's input
 * latency, which holds while the audio pipeline keeps up; a pipeline that stalls across start()
 * hands the new recorder samples captured well before the call (Chromium's audio service frozen
 * 300 ms there placed a track 190 ms late, every beep alike; CI's loaded runner once 94.5 ms).
 * No sample can reach the page before it was captured plus that latency, so every block that
 * arrives bounds the origin from above: where a block came sooner than its stamp allows, the
 * origin moves back to where that block says. Measured where nothing stalled, blocks came 3.3 ms
 * or more after their bound: the origin stays as it was.
 */
export class StampOrigin {
  private origin: number;
  private readonly assumed: number;

  constructor(startedLocal: number, private readonly latencyMs: number) {
    this.origin = this.assumed = startedLocal - latencyMs;
  }

  /** The capture instant of the recorder's first sample (page clock, ms), as known so far. */
  get capturedFrom(): number {
    return this.origin;
  }

  /** How much earlier than assumed at start() the time line turned out to begin (ms). */
  get movedMs(): number {
    return this.assumed - this.origin;
  }

  /** A block whose samples end at `endMs` on the time line reached the page at `arrivedAt`: whether that moved the origin. */
  saw(arrivedAt: number, endMs: number): boolean {
    const latest = arrivedAt - this.latencyMs - endMs;
    if (latest >= this.origin) return false;
    this.origin = latest;
    return true;
  }
}
