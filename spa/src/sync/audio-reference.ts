import { mixToMono } from './sound-match';

/**
 * A take's lossless track as the reference for the person's other recordings of the same
 * microphone: a stretch of its first seconds of sound and where its first sample sits on the
 * page's clock. The camera file is placed against it by sound (sound-match.ts): two MediaRecorders
 * of one microphone, started in one task, began up to 80 ms apart on a loaded machine, and start()
 * calls cannot tell which began late; the sounds in both files can.
 */

/** How much of the lossless track's beginning is looked at, and kept at most, to match against. */
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
}

interface Stretch {
  /** Frames of the track before it. */
  from: number;
  /** Frames of silence put in for lost input before it. */
  filledBefore: number;
  parts: Float32Array[];
  frames: number;
}

export class AudioReference {
  private rate = 0;
  /** Frames of the track seen so far, sound and silence put in alike. */
  private at = 0;
  private filled = 0;
  private current: Stretch = { from: 0, filledBefore: 0, parts: [], frames: 0 };
  private longest: Stretch | null = null;
  private firstLocal: number | null = null;
  private full = false;
  private ended = false;
  private resolve: (r: ReferenceSound | null) => void = () => {};
  /** Settles once the first seconds are seen (or the track ended with what it had, or never began: null). */
  readonly sound: Promise<ReferenceSound | null> = new Promise((r) => (this.resolve = r));

  /** The lossless track's next samples of the microphone, per channel, at `rate`. */
  feed(channels: Float32Array[], rate: number): void {
    if (this.full || this.ended || channels.length === 0) return;
    this.rate = rate;
    const frames = Math.min(channels[0]!.length, this.window() - this.at);
    this.current.parts.push(mixToMono(channels, frames));
    this.current.frames += frames;
    this.advance(frames);
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
    if (this.full || this.ended) return;
    this.rate = rate;
    this.closeStretch();
    const kept = Math.min(frames, this.window() - this.at);
    this.filled += kept;
    this.current = { from: this.at + kept, filledBefore: this.filled, parts: [], frames: 0 };
    this.advance(kept);
  }

  /** Where the lossless track's first sample was placed (SampleClock's first-sample instant). */
  placedAt(firstLocal: number): void {
    this.firstLocal = firstLocal;
    this.settle();
  }

  /** The lossless track stopped (or failed): the reference is what it got. */
  end(): void {
    this.ended = true;
    this.settle(true);
  }

  private window(): number {
    return REFERENCE_SECONDS * this.rate;
  }

  private advance(frames: number): void {
    this.at += frames;
    if (this.at >= this.window()) {
      this.full = true;
      this.settle();
    }
  }

  private closeStretch(): void {
    if (this.current.frames > (this.longest?.frames ?? 0)) this.longest = this.current;
  }

  private settle(final = false): void {
    if ((!this.full && !final) || (this.firstLocal === null && !final)) return;
    this.closeStretch();
    const s = this.longest;
    if (this.firstLocal === null || !s) return this.resolve(null);
    const samples = new Float32Array(s.frames);
    let at = 0;
    for (const p of s.parts) {
      samples.set(p, at);
      at += p.length;
    }
    const ms = (frames: number) => (frames / this.rate) * 1000;
    this.resolve({ samples, rate: this.rate, firstLocal: this.firstLocal, fromMs: ms(s.from), filledBeforeMs: ms(s.filledBefore) });
  }
}
