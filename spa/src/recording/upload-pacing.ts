import { CALL_MAX_BITRATE } from '../rtc/send-cap';

/** What the call's peer connections say about this browser's uplink, read about once a second. */
export interface UplinkReading {
  /**
   * What the browser estimates the call could send in all (getStats candidate-pair
   * `availableOutgoingBitrate`), or null where it gives no estimate (Firefox).
   */
  availableBps: number | null;
  /** What the call sends now, every connection together. */
  sendBps: number;
}

/** Uploads take at most this share, on average, of what the call leaves of the uplink. */
export const PACED_SHARE = 0.5;
/** While paced, uploads never average less than this (a 5 MiB part every ~3.5 min). */
export const MIN_PACED_BPS = 200_000;
/** What the call needs to be back at before the next part: its video cap, plus audio. */
export const CALL_NEED_BPS = CALL_MAX_BITRATE + 100_000;
/** The next part waits for the call to recover this far from a part's dip, ... */
export const RECOVERED_SHARE = 0.8;
/** ... but a part never waits longer than this after the last one ended. */
export const MAX_PAUSE_MS = 60_000;

export interface PacingState {
  paced: boolean;
  /** The call's latest reading, null with no call up (or no take running: it is read only then). */
  call: UplinkReading | null;
  /** Average upload rate allowed while paced (bits/s), from the last part; null before one. */
  budgetBps: number | null;
  /** When the next part may start while paced (the pacer's clock), 0: now. */
  resumeAt: number;
  /** Waiting for the call's estimate to come back to this (bits/s) before the next part. */
  recoverTo: number | null;
  /** Parts uploaded while paced, and all of them. */
  pacedParts: number;
  parts: number;
}

/** What the uploader asks of a pacer. */
export type PartPacer = Pick<UploadPacer, 'slots' | 'started' | 'onChange'>;

export interface PacerOptions {
  /** Parts in flight when not paced (after Stop, or with no call). */
  maxInFlight?: number;
  /** False turns pacing off (a test-only switch: localStorage `podster.uploadPacing` = `off`). */
  enabled?: boolean;
  now?: () => number;
  setTimer?: (fn: () => void, ms: number) => unknown;
  clearTimer?: (t: unknown) => void;
}

/**
 * How fast parts go up while a call shares the uplink. A part's PUT runs at whatever TCP takes,
 * squeezing the call (its congestion control backs off and then needs tens of seconds to climb
 * back), and a part cannot be smaller than S3's 5 MiB: the only levers are how many parts run at
 * once and the pause between them. So while this browser records a take with the call up, one part
 * at a time, and after each a pause that holds the average to {@link PACED_SHARE} of the headroom
 * the call leaves (its available outgoing bitrate minus what it sends, or the part's own
 * throughput minus the call where that is more: a fast link drains faster), and that lasts until
 * the call's estimate is back near where it was before the part, at most {@link MAX_PAUSE_MS}.
 * After Stop, or once the call is gone, parts go at full concurrency at once. Pacing only delays:
 * the chunks wait in IndexedDB and the uploads list shows them.
 */
export class UploadPacer {
  private readonly maxInFlight: number;
  private readonly enabled: boolean;
  private readonly now: () => number;
  private readonly setTimer: (fn: () => void, ms: number) => unknown;
  private readonly clearTimer: (t: unknown) => void;
  private readonly listeners = new Set<() => void>();
  private recording = false;
  private reading: UplinkReading | null = null;
  /** The reading when the running part started: what the call had before the part squeezed it. */
  private before: UplinkReading | null = null;
  private inFlight = 0;
  private budget: number | null = null;
  private resumeAt = 0;
  private recoverTo: number | null = null;
  private lastEnd = 0;
  private pacedParts = 0;
  private parts = 0;
  private timer: unknown = null;

  constructor(o: PacerOptions = {}) {
    this.maxInFlight = o.maxInFlight ?? 4;
    this.enabled = o.enabled ?? true;
    this.now = o.now ?? (() => performance.now());
    this.setTimer = o.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = o.clearTimer ?? ((t) => clearTimeout(t as ReturnType<typeof setTimeout>));
  }

  /** Told when a part may start that could not before (the uploader looks again). */
  onChange(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** Whether this browser is recording a take. */
  setRecording(on: boolean): void {
    if (on === this.recording) return;
    this.recording = on;
    this.recoverTo = null;
    this.changed();
  }

  /** The call's latest reading; null once no peer connection is up. */
  observe(r: UplinkReading | null): void {
    const wasPaced = this.paced();
    this.reading = r;
    if (this.recoverTo !== null && this.inFlight === 0 && (r?.availableBps ?? Infinity) >= this.recoverTo) {
      this.recoverTo = null;
      this.changed();
    } else if (wasPaced !== this.paced()) this.changed();
  }

  paced(): boolean {
    return this.enabled && this.recording && this.reading !== null;
  }

  /** How many more parts may start now, with `inFlight` running. */
  slots(inFlight: number): number {
    if (!this.paced()) return Math.max(0, this.maxInFlight - inFlight);
    const now = this.now();
    if (inFlight > 0 || now < this.resumeAt) return 0;
    return this.recoverTo !== null && now < this.lastEnd + MAX_PAUSE_MS ? 0 : 1;
  }

  /** A part starts uploading; call what this returns with its size once it is up (0 if it failed). */
  started(): (bytes: number) => void {
    if (this.inFlight++ === 0) this.before = this.reading;
    this.recoverTo = null;
    const t0 = this.now();
    return (bytes) => this.finished(bytes, this.now() - t0);
  }

  private finished(bytes: number, ms: number): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
    this.parts++;
    const now = this.now();
    this.lastEnd = now;
    if (!this.paced() || bytes <= 0) return;
    this.pacedParts++;
    const ref = this.before ?? this.reading;
    const bits = bytes * 8;
    const throughput = ms > 0 ? (bits * 1000) / ms : 0;
    const callSend = ref?.sendBps ?? 0;
    const headroom = ref?.availableBps != null ? ref.availableBps - callSend : 0;
    this.budget = Math.max(MIN_PACED_BPS, PACED_SHARE * Math.max(headroom, throughput - callSend));
    this.resumeAt = now + Math.min(MAX_PAUSE_MS, Math.max(0, (bits * 1000) / this.budget - ms));
    const target = ref?.availableBps != null ? RECOVERED_SHARE * Math.min(ref.availableBps, CALL_NEED_BPS) : null;
    this.recoverTo = target !== null && (this.reading?.availableBps ?? 0) < target ? target : null;
    this.wake();
  }

  state(): PacingState {
    return { paced: this.paced(), call: this.reading, budgetBps: this.budget, resumeAt: this.resumeAt, recoverTo: this.recoverTo, pacedParts: this.pacedParts, parts: this.parts };
  }

  /** Wakes the uploader when a pause ends: the duty-cycle pause, then (still recovering) its cap. */
  private wake(): void {
    if (this.timer !== null) this.clearTimer(this.timer);
    this.timer = null;
    const now = this.now();
    const at = now < this.resumeAt ? this.resumeAt : this.recoverTo !== null ? this.lastEnd + MAX_PAUSE_MS : now;
    if (at <= now) return;
    this.timer = this.setTimer(() => {
      this.timer = null;
      this.changed();
      this.wake();
    }, at - now);
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }
}
