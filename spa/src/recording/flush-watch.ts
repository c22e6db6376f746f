/** How a tap's flush at Stop ended, for the tests to print: after how long, and whether its recorder finished or went quiet. */
export interface FlushEnd {
  ms: number;
  ended: 'finished' | 'quiet';
}

/** A recorder that hands over nothing for this long after Stop has stalled (a closed audio thread, a recorder that never stops). */
export const QUIET_LIMIT_MS = 2000;
/** However busy it still is, a Stop's flush ends by then: the take's upload must finish. */
export const FLUSH_CAP_MS = 30_000;

/**
 * Waits for a stopping recorder to hand over the last of what it captured, for as long as it is
 * still handing things over. A fixed 2 s from the Stop cut a lossless track short on a loaded page
 * (CI: a WAV 0.58 s shorter than its camera file, nothing filled, the Stop's uploads taking 16 s),
 * its recorder still delivering the last slices when the flush gave up on it. Gives up only on a
 * recorder quiet for QUIET_LIMIT_MS, or at FLUSH_CAP_MS.
 */
export class FlushWatch {
  readonly ended: Promise<FlushEnd>;
  private resolve: (e: FlushEnd) => void = () => {};
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly began = performance.now();
  private over = false;

  constructor(
    private readonly quietMs = QUIET_LIMIT_MS,
    private readonly capMs = FLUSH_CAP_MS,
  ) {
    this.ended = new Promise((r) => (this.resolve = r));
    this.alive();
  }

  /** The recorder handed something over (or finished reading it): it is not stalled. */
  alive(): void {
    if (this.over) return;
    clearTimeout(this.timer);
    const left = this.capMs - (performance.now() - this.began);
    if (left <= 0) return this.end('quiet');
    this.timer = setTimeout(() => this.end('quiet'), Math.min(this.quietMs, left));
  }

  /** Everything the recorder captured was handed over. */
  finished(): void {
    this.end('finished');
  }

  get done(): boolean {
    return this.over;
  }

  private end(ended: FlushEnd['ended']): void {
    if (this.over) return;
    this.over = true;
    clearTimeout(this.timer);
    this.resolve({ ms: Math.round(performance.now() - this.began), ended });
  }
}
