/**
 * This browser's estimate of the server's clock, from time requests over the signaling socket.
 *
 * Each sample is a request sent at local time `sentAt`, answered with the server's `serverTime`,
 * received at `receivedAt` (all milliseconds). The server read its clock somewhere inside that
 * round trip, so taking the middle is wrong by at most half the round trip: the sample with the
 * shortest round trip is the best. Local time is `performance.now()` on the page's time origin
 * (monotonic, unlike `Date.now()`), so an offset here is "server epoch ms − (timeOrigin + now)",
 * a few milliseconds for a well-set clock.
 *
 * The two clocks also run at slightly different rates, so an old sample slowly goes stale: like
 * NTP's dispersion, a sample's uncertainty grows by `SKEW_BOUND` of its age, and the estimate uses
 * the recent sample whose uncertainty is smallest now.
 */

export interface ClockSample {
  sentAt: number;
  receivedAt: number;
  serverTime: number;
}

export interface ClockEstimate {
  /** Server time minus local epoch time (`timeOrigin + performance.now()`), milliseconds. */
  offsetMs: number;
  /** How far off `offsetMs` may be: half the round trip of its sample plus its ageing. */
  uncertaintyMs: number;
}

/** Clocks of computers differ in rate by tens of ppm; 100 ppm bounds it with room to spare. */
export const SKEW_BOUND = 100e-6;
/** Samples kept: with one every few seconds, a minute or two of them. */
export const KEPT_SAMPLES = 24;

export class ServerClock {
  private readonly samples: ClockSample[] = [];

  constructor(
    /** Local time in ms on the page's clock (`performance.now()`). */
    private readonly now: () => number,
    /** The local clock's epoch at 0 (`performance.timeOrigin`). */
    private readonly origin: number,
  ) {}

  /** Adds one answered request; a sample whose times make no sense (negative round trip) is dropped. */
  add(s: ClockSample): void {
    if (!(s.receivedAt >= s.sentAt) || !Number.isFinite(s.serverTime)) return;
    this.samples.push(s);
    if (this.samples.length > KEPT_SAMPLES) this.samples.shift();
  }

  get sampleCount(): number {
    return this.samples.length;
  }

  /** The best estimate now; null before the first sample. */
  estimate(): ClockEstimate | null {
    const at = this.now();
    let best: ClockEstimate | null = null;
    for (const s of this.samples) {
      const uncertaintyMs = (s.receivedAt - s.sentAt) / 2 + Math.max(0, at - s.receivedAt) * SKEW_BOUND;
      if (best && best.uncertaintyMs <= uncertaintyMs) continue;
      best = { offsetMs: s.serverTime - (this.origin + (s.sentAt + s.receivedAt) / 2), uncertaintyMs };
    }
    return best;
  }

  /** The server's time (epoch ms) at local time `local` (ms on the page's clock); null before any sample. */
  toServer(local: number, estimate = this.estimate()): number | null {
    return estimate ? this.origin + local + estimate.offsetMs : null;
  }

  /** The local time (ms on the page's clock) of server instant `serverMs`; null before any sample. */
  toLocal(serverMs: number, estimate = this.estimate()): number | null {
    return estimate ? serverMs - estimate.offsetMs - this.origin : null;
  }
}

/** Asks the server for its time: resolves with `serverTime` of the answer. */
export type TimeRequest = () => Promise<number>;

export interface ClockSyncOptions {
  /** Samples taken at once, one after another (the first estimate is the best of them). */
  burst?: number;
  /** Pause between burst samples: several spread out sample the network's quiet moments. */
  burstGapMs?: number;
  /** One sample this often afterwards, so a take hours long stays on the server's clock. */
  refreshMs?: number;
}

/**
 * Keeps a ServerClock fed over a socket. A burst of 8 samples 60 ms apart and then one every 5 s
 * stays far under the socket's rate limit (50 messages a second, bursts of 200).
 */
export class ClockSync {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;
  private readonly waiters = new Set<() => void>();
  private readonly o: Required<ClockSyncOptions>;
  private burstDone = false;

  constructor(
    readonly clock: ServerClock,
    private readonly request: TimeRequest,
    private readonly now: () => number,
    options: ClockSyncOptions = {},
  ) {
    this.o = { burst: options.burst ?? 8, burstGapMs: options.burstGapMs ?? 60, refreshMs: options.refreshMs ?? 5000 };
  }

  /** Starts (or restarts, after a reconnect) with a fresh burst. */
  start(): void {
    this.stop();
    this.running = true;
    void this.burst();
  }

  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  /** Resolves once the first burst has given its estimate (or at once if it already has). */
  ready(): Promise<void> {
    if (this.burstDone) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  private async burst(): Promise<void> {
    for (let i = 0; i < this.o.burst && this.running; i++) {
      await this.sample();
      if (i < this.o.burst - 1) await new Promise((r) => (this.timer = setTimeout(r, this.o.burstGapMs)));
    }
    if (!this.running) return;
    if (this.clock.sampleCount > 0) {
      this.burstDone = true;
      for (const w of [...this.waiters]) w();
      this.waiters.clear();
    }
    this.schedule();
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      void this.sample().then(() => {
        // A burst that found no answer (socket down) is retried until one comes.
        if (!this.burstDone) void this.burst();
        else this.schedule();
      });
    }, this.o.refreshMs);
  }

  private async sample(): Promise<void> {
    const sentAt = this.now();
    try {
      const serverTime = await this.request();
      this.clock.add({ sentAt, receivedAt: this.now(), serverTime });
    } catch {
      // Not connected or no answer: the next sample tries again.
    }
  }
}
