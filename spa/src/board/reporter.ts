import type { TrackProgress } from '../recording/upload-progress';
import type { CallQuality, ClientMessage } from '../signaling/messages';
import { CallQualityMeter, type StatLike } from './call-quality';
import { captureFormat, ownStatus } from './status';

/** This browser's recordings as the uploader shows them. */
export interface UploadSource {
  snapshot(): TrackProgress[];
  onChange(l: () => void): () => void;
}

export interface ReporterOptions {
  send: (m: ClientMessage) => boolean;
  /** getStats() of each of the call's peer connections. */
  stats: () => Promise<Iterable<StatLike>[]>;
  now?: () => number;
  tickMs?: number;
}

/** Within the server's limit (twice a second): a change waits at most this long, heartbeats are rarer. */
export const MIN_GAP_MS = 1000;
export const BUSY_EVERY_MS = 2000;
export const IDLE_EVERY_MS = 10_000;

/**
 * Sends this browser's `recording-status` while the call is joined: at once on joining, soon after
 * each change of its uploads (at most once a second), and as a heartbeat (every 2 s while
 * something is recording or uploading, every 10 s otherwise) so a host who arrives later hears it.
 */
export class StatusReporter {
  private source: UploadSource | null = null;
  private off = () => {};
  private format: () => string | null = () => null;
  private readonly meter = new CallQualityMeter();
  private quality: CallQuality | null = null;
  private online = false;
  private dirty = true;
  private lastSent = -Infinity;
  private sending = false;
  private serial = 0;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly now: () => number;

  constructor(private readonly o: ReporterOptions) {
    this.now = o.now ?? (() => performance.now());
    this.timer = setInterval(() => void this.tick(), o.tickMs ?? 250);
  }

  /** Reports on these uploads, in this format (read at each report: the camera may change). */
  watch(source: UploadSource, format: { video: () => MediaTrackSettings | undefined; losslessRate: number | null }): void {
    this.off();
    this.source = source;
    this.format = () => captureFormat(format.video(), format.losslessRate);
    this.off = source.onChange(() => (this.dirty = true));
    this.dirty = true;
  }

  /** Joined (the socket is open and in the room) or not: nothing is sent outside a room. */
  setOnline(online: boolean): void {
    this.online = online;
    if (online) {
      this.dirty = true;
      this.lastSent = -Infinity;
    }
  }

  /** Sends now, with the last quality reading: for a page about to leave, which cannot wait for getStats. */
  flush(): void {
    this.sendWith(this.quality);
  }

  close(): void {
    clearInterval(this.timer);
    this.off();
  }

  private async tick(): Promise<void> {
    if (!this.online || this.sending) return;
    const since = this.now() - this.lastSent;
    const busy = this.source ? ownStatus(this.source.snapshot()).state !== 'idle' : false;
    if (!(this.dirty ? since >= MIN_GAP_MS : since >= (busy ? BUSY_EVERY_MS : IDLE_EVERY_MS))) return;
    this.sending = true;
    try {
      this.quality = this.meter.read(await this.o.stats(), this.now());
    } catch {
      // a connection closed meanwhile: the last reading stands
    } finally {
      this.sending = false;
    }
    this.sendWith(this.quality);
  }

  private sendWith(quality: CallQuality | null): void {
    if (!this.online) return;
    const own = ownStatus(this.source?.snapshot() ?? []);
    // With an id, a refusal (rate_limited) answers this message, not the page's error line.
    const sent = this.o.send({ type: 'recording-status', id: `status-${this.serial++}`, ...own, format: this.format(), quality });
    if (sent) {
      this.dirty = false;
      this.lastSent = this.now();
    }
  }
}
