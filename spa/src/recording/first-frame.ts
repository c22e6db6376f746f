/**
 * When a video recording really begins. Chromium's WebM muxer puts the file's time 0 at the first
 * video frame the recorder takes, the first delivered after start(). The track's frames are
 * watched (MediaStreamTrackProcessor on a clone) from before start(); a frame's timestamp is its capture time on the monotonic clock, mapped onto the
 * page's clock by the smallest gap seen between a frame's arrival and its timestamp. A camera
 * track with audio is placed by its audio instead (audio-lead.ts); this is for video-only tracks
 * (a screen, whose first frame may come long after start()).
 */

/** How long a recorder waits for its first frame before it keeps start()'s instant. */
const FIRST_FRAME_LIMIT_MS = 3000;

/** A VideoFrame or an AudioData: a capture timestamp (µs) and memory to give back. */
interface Captured {
  readonly timestamp: number;
  close(): void;
}
interface Processor {
  readable: ReadableStream<Captured>;
}
type ProcessorCtor = new (init: { track: MediaStreamTrack }) => Processor;

/** The timing of one frame: its arrival and its timestamp, both in ms. */
export interface FrameSeen {
  arrivedLocal: number;
  timestampMs: number;
}

/**
 * The pure part: from frames seen, the page-clock capture time of the first frame delivered after
 * `startLocal`, or null while none has been seen.
 */
export class FirstFrameFinder {
  /** performance.now() − timestamp at its smallest: a frame's timestamp plus this is when sinks get it. */
  private shift = Infinity;
  private readonly recent: number[] = [];

  seen(f: FrameSeen): void {
    this.shift = Math.min(this.shift, f.arrivedLocal - f.timestampMs);
    this.recent.push(f.timestampMs);
    if (this.recent.length > 120) this.recent.shift();
  }

  /** The capture instant (page clock) of the first frame a recorder started at `startLocal` took. */
  firstAfter(startLocal: number): number | null {
    if (!Number.isFinite(this.shift)) return null;
    const t = this.recent.find((ts) => ts + this.shift > startLocal);
    return t === undefined ? null : t + this.shift;
  }
}

export class FirstFrameWatch {
  private readonly finder = new FirstFrameFinder();
  private wake: () => void = () => {};
  private closed = false;

  private constructor(private readonly clone: MediaStreamTrack, private readonly reader: ReadableStreamDefaultReader<Captured>) {
    void this.pump();
  }

  /** Watches a video or audio track, or null where the browser cannot (no MediaStreamTrackProcessor). */
  static watch(track: MediaStreamTrack | undefined): FirstFrameWatch | null {
    const Ctor = (globalThis as { MediaStreamTrackProcessor?: ProcessorCtor }).MediaStreamTrackProcessor;
    if (!track || !Ctor) return null;
    try {
      const clone = track.clone();
      return new FirstFrameWatch(clone, new Ctor({ track: clone }).readable.getReader());
    } catch {
      return null;
    }
  }

  private async pump(): Promise<void> {
    while (!this.closed) {
      const r = await this.reader.read().catch(() => ({ done: true as const, value: undefined }));
      if (r.done || !r.value) break;
      this.finder.seen({ arrivedLocal: performance.now(), timestampMs: r.value.timestamp / 1000 });
      r.value.close();
      this.wake();
    }
  }

  /**
   * The capture instant of the first frame after `startLocal`, once it came (then the watch
   * ends), or null if none came in time.
   */
  async firstAfter(startLocal: number): Promise<number | null> {
    const deadline = performance.now() + FIRST_FRAME_LIMIT_MS;
    try {
      for (;;) {
        const t = this.finder.firstAfter(startLocal);
        if (t !== null || performance.now() > deadline) return t;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.max(0, deadline - performance.now()) + 1);
          this.wake = () => (clearTimeout(timer), resolve());
        });
      }
    } finally {
      this.close();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    void this.reader.cancel().catch(() => {});
    this.clone.stop();
  }
}
