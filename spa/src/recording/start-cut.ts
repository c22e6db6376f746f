/**
 * Begins a lossless track at the take's start instant to the sample, not when the page got round
 * to starting it. Chromium's PCM recorder records from its start() call, and a page on loaded
 * cores called it 0–17 ms after the instant (the start spread of a take's tracks); started ahead
 * instead, its blocks' stamps (capture times from start()) say which sample was captured at the
 * instant, and everything before that one is dropped. Firefox's worklet tap does the same with
 * its quanta on the wall clock (RenderClock).
 */
export interface Cut {
  channels: Float32Array[];
  /** Where the first kept sample lies on the track's time line (see StartCut), on the block that begins the track. */
  firstMs?: number;
  /** Silent frames at the head of `channels`, for input lost between the instant and the block. */
  silence?: number;
}

/**
 * A first block that begins after the instant (the input between was lost: Firefox's audio graph
 * stalled across it on loaded cores and began the track 63 ms late) gets silence before it up to
 * this much, so the track still begins at the instant, as the others do and an editor dropping the
 * files at 0 expects. Later than that it is a page that got there late: it begins where it is.
 */
export const MAX_LEAD_SILENCE_MS = 1000;

export class StartCut {
  private begun: boolean;

  constructor(
    private readonly rate: number,
    /**
     * The instant on the track's time line: the recorder's (ms from its start(); ≤ 0, the track
     * begins at start()) or the wall clock (the worklet); null: the track begins at once.
     */
    private atMs: number | null,
  ) {
    this.begun = atMs === null || atMs <= 0;
  }

  /**
   * The instant lies at `atMs` on the time line after all (its origin moved: StampOrigin). Too late
   * for a track already begun, which keeps where it began.
   */
  moveInstant(atMs: number): void {
    if (!this.begun && this.atMs !== null) this.atMs = atMs;
  }

  /** Whether the track has begun (every block from now on is kept whole). */
  get started(): boolean {
    return this.begun;
  }

  /**
   * A block ending at `endMs` on that time line: null while it lies wholly before the
   * instant, else what of it is kept. A block without a stamp cannot be placed: the track begins with it.
   */
  take(channels: Float32Array[], endMs: number | null): Cut | null {
    if (this.begun) return { channels };
    const frames = channels[0]?.length ?? 0;
    this.begun = true;
    if (endMs === null || this.atMs === null) return { channels, firstMs: endMs === null ? undefined : endMs - (frames / this.rate) * 1000 };
    if (endMs <= this.atMs) {
      this.begun = false;
      return null;
    }
    const startMs = endMs - (frames / this.rate) * 1000;
    const lead = Math.round(((startMs - this.atMs) * this.rate) / 1000);
    if (lead > 0 && startMs - this.atMs <= MAX_LEAD_SILENCE_MS) {
      const padded = channels.map((c) => {
        const out = new Float32Array(lead + c.length);
        out.set(c, lead);
        return out;
      });
      return { channels: padded, firstMs: startMs - (lead / this.rate) * 1000, silence: lead };
    }
    const drop = Math.min(frames, Math.max(0, Math.round(((this.atMs - startMs) * this.rate) / 1000)));
    return { channels: drop === 0 ? channels : channels.map((c) => c.subarray(drop)), firstMs: startMs + (drop / this.rate) * 1000 };
  }
}
