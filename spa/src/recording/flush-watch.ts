/** How a tap's flush at Stop ended, for the tests to print: after how long, and whether its recorder finished or went quiet. */
export interface FlushEnd {
  ms: number;
  ended: 'finished' | 'quiet';
}

/** A recorder that hands over nothing for this long after Stop has stalled (a closed audio thread, a recorder that never stops). */
export const QUIET_LIMIT_MS = 2000;
/** However busy it still is, a Stop's flush ends by then: the take's upload must finish. */
export const FLUSH_CAP_MS = 30_000;

/** How often the watch looks whether its recorder said anything. */
const TICK_MS = 250;

/**
 * Waits for a stopping recorder to hand over the last of what it captured, for as long as it is
 * still handing things over. A fixed 2 s from the Stop cut a lossless track short on a loaded page
 * (CI: a WAV 0.58 s shorter than its camera file, nothing filled, the Stop's uploads taking 16 s),
 * its recorder still delivering the last slices when the flush gave up on it. Gives up only on a
 * recorder quiet for QUIET_LIMIT_MS, or at FLUSH_CAP_MS.
 *
 * Quiet is counted in the page's own ticks, not by a clock: a page frozen for seconds (seen in the
 * tests' loaded runs: 7 s) runs its late timer and its recorder's waiting slices in whatever order,
 * so a tick that comes late counts as news, and the recorder gets its ticks after the thaw.
 */
export class FlushWatch {
  readonly ended: Promise<FlushEnd>;
  private resolve: (e: FlushEnd) => void = () => {};
  private readonly ticker: ReturnType<typeof setInterval>;
  private readonly began = performance.now();
  private lastTick = this.began;
  private heard = false;
  private quietTicks = 0;
  private over = false;

  constructor() {
    this.ended = new Promise((r) => (this.resolve = r));
    this.ticker = setInterval(() => this.tick(), TICK_MS);
  }

  /** The recorder handed something over (or finished reading it): it is not stalled. */
  alive(): void {
    this.heard = true;
  }

  /** Everything the recorder captured was handed over. */
  finished(): void {
    this.end('finished');
  }

  get done(): boolean {
    return this.over;
  }

  private tick(): void {
    const now = performance.now();
    if (now - this.began >= FLUSH_CAP_MS) return this.end('quiet');
    const late = now - this.lastTick > 2 * TICK_MS;
    this.lastTick = now;
    if (this.heard || late) {
      this.heard = false;
      this.quietTicks = 0;
    } else if (++this.quietTicks * TICK_MS >= QUIET_LIMIT_MS) this.end('quiet');
  }

  private end(ended: FlushEnd['ended']): void {
    if (this.over) return;
    this.over = true;
    clearInterval(this.ticker);
    this.resolve({ ms: Math.round(performance.now() - this.began), ended });
  }
}
