import { mixToMono } from './sound-match';

/**
 * A take's lossless track as the reference for the person's other recordings of the same
 * microphone: stretches of its sound, one per window of the take, and where its first
 * sample sits on the page's clock. The camera file is placed against it by sound (sound-match.ts):
 * two MediaRecorders of one microphone, started in one task, began up to 80 ms apart on a loaded
 * machine, and start() calls cannot tell which began late; the sounds in both files can. A person
 * who says nothing for the first seconds leaves nothing to match there, so later windows are kept
 * too, for as long as the camera asks for them.
 */

/** How long each window of the lossless track is, and each stretch at most. */
export const REFERENCE_SECONDS = 5;

export interface ReferenceSound {
  /** The stretch, mixed to one channel. */
  samples: Float32Array;
  rate: number;
  /** The page-clock instant of the lossless track's first sample as placed. */
  firstLocal: number;
  /** Where the stretch begins on the lossless track's time line (ms from its first sample). */
  fromMs: number;
  /**
   * Silence the track put in for lost input before the stretch (ms): the camera's recorder lost
   * that input without a word, so the stretch's sounds lie about this much earlier in its file.
   */
  filledBeforeMs: number;
  /** Each stretch of that silence, where it begins on the track's time line (ms) and how long it is. */
  fillsBefore: readonly Fill[];
}

export interface Fill {
  atMs: number;
  ms: number;
}

interface Stretch {
  /** Frames of the track before it. */
  from: number;
  /** Frames of silence put in for lost input before it. */
  filledBefore: number;
  /** How many of the track's fills lie before it. */
  fillCount: number;
  parts: Float32Array[];
  frames: number;
}

type Built = Omit<ReferenceSound, 'firstLocal'>;

export class AudioReference {
  private rate = 0;
  /** Frames of the track seen so far, sound and silence put in alike. */
  private at = 0;
  private filled = 0;
  /** What was filled before the window being seen began. */
  private filledAtWindow = 0;
  private fillsAtWindow = 0;
  /** Every stretch of silence put in so far (a loss across a window's end counts once per window). */
  private readonly fills: Fill[] = [];
  /** The window being seen. */
  private window = 0;
  private current: Stretch = { from: 0, filledBefore: 0, fillCount: 0, parts: [], frames: 0 };
  private longest: Stretch | null = null;
  /** Windows seen and not yet handed out; only the last few are kept (a camera asks in order). */
  private readonly built = new Map<number, Built>();
  private readonly asked = new Map<number, ((r: ReferenceSound | null) => void)[]>();
  private firstLocal: number | null = null;
  private ended = false;

  /** The first window's stretch. */
  get sound(): Promise<ReferenceSound | null> {
    return this.stretch(0);
  }

  /**
   * Window `k`'s stretch: the longest run of the microphone's sound in seconds 5k to 5k + 5 of the
   * track without silence put in for lost input (empty where all of it was lost). Settles once the
   * window is seen and the track placed; null past the track's end, for a window long handed out,
   * or for a track never placed.
   */
  stretch(k: number): Promise<ReferenceSound | null> {
    return new Promise((resolve) => {
      this.asked.set(k, [...(this.asked.get(k) ?? []), resolve]);
      this.answer();
    });
  }

  /** The lossless track's next samples of the microphone, per channel, at `rate`. */
  feed(channels: Float32Array[], rate: number): void {
    if (channels.length === 0) return;
    this.rate = rate;
    let from = 0;
    const frames = channels[0]!.length;
    while (from < frames && this.looking()) {
      const n = Math.min(frames - from, this.windowEnd() - this.at);
      this.current.parts.push(mixToMono(channels.map((c) => c.subarray(from, from + n))));
      this.current.frames += n;
      from += n;
      this.advance(n);
    }
  }

  /**
   * The lossless track put in `frames` of silence here for input the browser lost. The camera's
   * recorder lost that input too, so across this point the same sounds sit the loss apart in the
   * two, and a match across it found two lags, neither clearly best (0.715 and 0.627 with a 20 ms
   * skip 2.5 s in, on a loaded machine): the stretches on either side are matched apart, and the
   * longer one kept. One lost in the first half-second (as at a take's start on a loaded page) no
   * longer leaves nothing to match.
   */
  lost(frames: number, rate: number): void {
    this.rate = rate;
    let left = frames;
    while (left > 0 && this.looking()) {
      this.closeStretch();
      const n = Math.min(left, this.windowEnd() - this.at);
      this.filled += n;
      this.fills.push({ atMs: (this.at / rate) * 1000, ms: (n / rate) * 1000 });
      left -= n;
      this.current = { from: this.at + n, filledBefore: this.filled, fillCount: this.fills.length, parts: [], frames: 0 };
      this.advance(n);
    }
  }

  /** Where the lossless track's first sample was placed (SampleClock's first-sample instant). */
  placedAt(firstLocal: number): void {
    this.firstLocal = firstLocal;
    this.answer();
  }

  /** The lossless track stopped (or failed): the window being seen is what it got, and the last. */
  end(): void {
    if (this.ended) return;
    if (this.looking() && this.at > this.window * this.windowFrames()) this.closeWindow();
    this.ended = true;
    this.answer();
  }

  private looking(): boolean {
    return !this.ended;
  }

  private windowFrames(): number {
    return REFERENCE_SECONDS * this.rate;
  }

  private windowEnd(): number {
    return (this.window + 1) * this.windowFrames();
  }

  private advance(frames: number): void {
    this.at += frames;
    if (this.at >= this.windowEnd()) this.closeWindow();
  }

  private closeStretch(): void {
    if (this.current.frames > (this.longest?.frames ?? 0)) this.longest = this.current;
  }

  private closeWindow(): void {
    this.closeStretch();
    const s = this.longest;
    const ms = (frames: number) => (frames / this.rate) * 1000;
    // A window with no sound at all (its input lost) has an empty stretch: the next may have one.
    const stretch = s ?? { from: this.window * this.windowFrames(), filledBefore: this.filledAtWindow, fillCount: this.fillsAtWindow, parts: [], frames: 0 };
    this.built.set(this.window, {
      samples: joined(stretch.parts, stretch.frames), rate: this.rate, fromMs: ms(stretch.from), filledBeforeMs: ms(stretch.filledBefore),
      fillsBefore: this.fills.slice(0, stretch.fillCount),
    });
    // A camera matches one window while the next is seen: older ones are let go.
    this.built.delete(this.window - 2);
    this.window++;
    this.longest = null;
    this.current = { from: this.at, filledBefore: this.filled, fillCount: this.fills.length, parts: [], frames: 0 };
    this.filledAtWindow = this.filled;
    this.fillsAtWindow = this.fills.length;
    this.answer();
  }

  private answer(): void {
    for (const [k, waiting] of this.asked) {
      const built = this.built.get(k);
      const never = built === undefined && (this.ended || k < this.window);
      if (!never && (built === undefined || (this.firstLocal === null && !this.ended))) continue;
      const sound = !never && built && this.firstLocal !== null ? { ...built, firstLocal: this.firstLocal } : null;
      this.asked.delete(k);
      for (const resolve of waiting) resolve(sound);
    }
  }
}

function joined(parts: Float32Array[], frames: number): Float32Array {
  const out = new Float32Array(frames);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
