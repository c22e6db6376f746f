import type { CallStatsMessage } from '../signaling/messages';
import { sample, summarize, type ConnectionSummary, type StatLike, type StatsSample } from './call-stats';

/** How often a browser reports its call's quality to the server (the server takes one per 5 s at most). */
export const REPORT_EVERY_MS = 10_000;
/**
 * Until a report has gone out, readings are this far apart: a call's first report then leaves
 * 3–6 s after its first connection is up, instead of 10–20 s, so operators (and the browser
 * test) see a short call at all.
 */
export const FIRST_REPORT_MS = 3_000;
/** The server's bound on a report's connections. */
export const MAX_CONNECTIONS = 16;

/** The part of an RTCPeerConnection the telemetry reads. */
export interface StatsSource {
  readonly connectionState: RTCPeerConnectionState;
  getStats(): Promise<{ values(): Iterable<unknown> }>;
}

/**
 * Reads every connected peer connection's stats on a timer and sends one `call-stats` summary
 * for all of them: each connection's figures cover the time since its previous reading, so a
 * connection is first read (its baseline) and reported from the next reading on.
 */
export class CallTelemetry {
  private readonly baselines = new WeakMap<StatsSource, StatsSample>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private stopped = false;

  constructor(
    private readonly connections: () => StatsSource[],
    private readonly send: (m: CallStatsMessage) => void,
    private readonly now: () => number = () => performance.now(),
    private readonly timing = { firstMs: FIRST_REPORT_MS, everyMs: REPORT_EVERY_MS },
  ) {}

  start(): void {
    this.stopped = false;
    this.schedule(this.timing.firstMs);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Reads every connection once and sends what it has; true when a report went out. */
  async tick(): Promise<boolean> {
    const summaries: ConnectionSummary[] = [];
    for (const pc of this.connections()) {
      if (pc.connectionState !== 'connected') {
        // a connection coming back (ICE restart) starts from a fresh baseline, not across the outage
        this.baselines.delete(pc);
        continue;
      }
      let report;
      try {
        report = await pc.getStats();
      } catch {
        continue; // closed meanwhile
      }
      const cur = sample(report.values() as Iterable<StatLike>, this.now());
      const prev = this.baselines.get(pc);
      this.baselines.set(pc, cur);
      const s = prev ? summarize(prev, cur) : null;
      if (s) summaries.push(s);
    }
    if (summaries.length === 0 || this.stopped) return false;
    this.send({ type: 'call-stats', id: 'call-stats', connections: summaries.slice(0, MAX_CONNECTIONS) });
    return true;
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      void this.tick().then(
        (sent) => !this.stopped && this.schedule(sent ? this.timing.everyMs : this.timing.firstMs),
        () => !this.stopped && this.schedule(this.timing.everyMs),
      );
    }, ms);
  }
}
