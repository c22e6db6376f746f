/**
 * Keeps Chromium's lossless track in time where its microphone's stream skipped samples. Chromium's
 * PCM recorder stamps each 10 ms block with its capture time; where the stream dropped input (its
 * capture fell behind on a loaded machine) the next block's stamp jumps past where the block before
 * ended, and the samples that would have filled that time are gone: the rest of the track then lies
 * early by the jump (measured: stamps jumping 10 and 20 ms, and the beeps of the fake microphone
 * 10 and 20 ms early from there on, in both people's tracks at once). Silence goes in for a jump.
 *
 * Only for a jump: a stamp that wanders 1–2 ms (capture stamps do) is below the threshold, and a
 * stamp late by a spike that the next blocks take back is not a loss, so a jump is held until a
 * window of blocks after it shows it stayed. A slow drift of the capture clock against the sample
 * count (a microphone's own rate) never jumps, and is left to the drift marks, never filled.
 */
import type { Judged } from './gap-filler';

/** Below this a jump is the capture stamps' wander. */
export const MIN_JUMP_MS = 5;

/** A block's stamp `byMs` past (or before) where the block before it ended, `atMs` into the track (from its first sample). */
export interface TimecodeJump {
  atMs: number;
  byMs: number;
}

interface Held<B> {
  block: B;
  jumpMs: number;
  frames: number;
}

export class TimecodeSkips<B> {
  private readonly held: Held<B>[] = [];
  private filled = 0;

  constructor(
    private readonly rate: number,
    private readonly minJumpMs = MIN_JUMP_MS,
    /** How long a jump must stay (in samples after it) to count as a loss. */
    private readonly windowMs = 100,
  ) {}

  /**
   * A block of `frames` samples whose stamp lies `jumpMs` past where the block before it ended.
   * Returns, in order, the blocks now judged, with the silence that goes in before each.
   */
  push(block: B, jumpMs: number, frames: number): Judged<B>[] {
    this.held.push({ block, jumpMs, frames });
    return this.release(false);
  }

  /** Every block still held (at Stop): a jump without a window after it gets no silence. */
  flush(): Judged<B>[] {
    return this.release(true);
  }

  /** Silent frames put in so far. */
  get filledFrames(): number {
    return this.filled;
  }

  private release(ending: boolean): Judged<B>[] {
    const out: Judged<B>[] = [];
    while (this.held.length > 0) {
      const first = this.held[0]!;
      if (first.jumpMs < this.minJumpMs) {
        out.push({ block: this.held.shift()!.block, silenceBefore: 0 });
        continue;
      }
      // A jump: what stays of it over the window after it (later jumps back take from it).
      let net = first.jumpMs;
      let least = net;
      let seenMs = (first.frames / this.rate) * 1000;
      let i = 1;
      for (; i < this.held.length && seenMs < this.windowMs; i++) {
        net += this.held[i]!.jumpMs;
        least = Math.min(least, net);
        seenMs += (this.held[i]!.frames / this.rate) * 1000;
      }
      if (seenMs < this.windowMs && !ending) break;
      this.held.shift();
      const silence = seenMs >= this.windowMs && least >= this.minJumpMs ? Math.round((least * this.rate) / 1000) : 0;
      this.filled += silence;
      out.push({ block: first.block, silenceBefore: silence });
    }
    return out;
  }
}
