import { mixToMono } from './sound-match';

/**
 * A take's lossless track as the reference for the person's other recordings of the same
 * microphone: its first seconds of sound and where its first sample sits on the page's clock. The
 * camera file is placed against it by sound (sound-match.ts): two MediaRecorders of one
 * microphone, started in one task, began up to 80 ms apart on a loaded machine, and start() calls
 * cannot tell which began late; the sounds in both files can.
 */

/** How much of the lossless track's beginning is kept to match against. */
export const REFERENCE_SECONDS = 5;

export interface ReferenceSound {
  /** The first seconds, mixed to one channel. */
  samples: Float32Array;
  rate: number;
  /** The page-clock instant of `samples[0]`: the lossless track's first sample as placed. */
  firstLocal: number;
}

export class AudioReference {
  private rate = 0;
  private readonly parts: Float32Array[] = [];
  private kept = 0;
  private firstLocal: number | null = null;
  private full = false;
  private ended = false;
  private resolve: (r: ReferenceSound | null) => void = () => {};
  /** Settles once the reference is whole (or the track ended with what it had, or never began: null). */
  readonly sound: Promise<ReferenceSound | null> = new Promise((r) => (this.resolve = r));

  /** The lossless track's next samples, per channel, at `rate`. */
  feed(channels: Float32Array[], rate: number): void {
    if (this.full || this.ended || channels.length === 0) return;
    this.rate = rate;
    const frames = Math.min(channels[0]!.length, REFERENCE_SECONDS * rate - this.kept);
    this.parts.push(mixToMono(channels, frames));
    this.kept += frames;
    if (this.kept >= REFERENCE_SECONDS * rate) {
      this.full = true;
      this.settle();
    }
  }

  /**
   * The lossless track put in silence here for input the browser lost: the reference ends. The
   * camera's recorder lost that input too, without a word, so past this point the same sounds sit
   * the loss apart in the two, and a match across it found two lags, neither clearly best (0.715 and
   * 0.627 with a 20 ms skip 2.5 s in, on a loaded machine).
   */
  lost(): void {
    if (this.full || this.ended) return;
    this.full = true;
    this.settle();
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

  private settle(final = false): void {
    if ((!this.full && !final) || (this.firstLocal === null && !final)) return;
    if (this.firstLocal === null || this.kept === 0) return this.resolve(null);
    const samples = new Float32Array(this.kept);
    let at = 0;
    for (const p of this.parts) {
      samples.set(p, at);
      at += p.length;
    }
    this.resolve({ samples, rate: this.rate, firstLocal: this.firstLocal });
  }
}
