/**
 * Runs on the audio rendering thread: hands every input sample, untouched, to the page in blocks of
 * `blockFrames` (one array per channel, transferred, not copied). The samples counted here are the
 * lossless track's clock: nothing is dropped or inserted between the microphone's stream and the
 * file. Loaded with AudioWorklet.addModule, so it is bundled on its own (`?worker&url`).
 */

declare abstract class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: { processorOptions?: unknown });
}
declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: new (options?: { processorOptions?: unknown }) => AudioWorkletProcessor): void;

import { PCM_TAP, type TapBlock } from './pcm-tap';
import { BlockStamp } from './block-stamp';
import { RenderClock } from './render-clock';
import { StartCut } from './start-cut';

class PcmTap extends AudioWorkletProcessor {
  private readonly blockFrames: number;
  private blocks: Float32Array[] = [];
  private filled = 0;
  /**
   * The node runs from Join on, so the audio graph is warm when a take starts (a node made at the
   * take's start instant got its first input up to 2 s late in Firefox); it hands samples over only
   * between 'start' and 'flush'.
   */
  private capturing = false;
  /**
   * A start told ahead: capturing begins with the frame this thread's clock puts at that wall-clock
   * instant (the quanta before it dropped, the one holding it cut).
   */
  private cut: StartCut | null = null;
  /** Where this thread's frames lie on the wall clock, told of every quantum from Join on. */
  private readonly clock = new RenderClock(sampleRate);
  /** When the current block's frames had been captured by, from the quanta that carry it. */
  private readonly stamp = new BlockStamp(sampleRate);
  /**
   * The first captured frame's wall time (see TapBlock.firstRenderedAt): 'awaited' from a start
   * until that frame is rendered, then its time until the block that carries it is sent.
   */
  private firstRenderedAt: number | 'awaited' | null = null;
  /** The silence the cut began the track with, told on the block that carries it. */
  private leadSilence = 0;

  constructor(options?: { processorOptions?: unknown }) {
    super(options);
    this.blockFrames = (options?.processorOptions as { blockFrames?: number } | undefined)?.blockFrames ?? 48_000;
    this.port.onmessage = (e: MessageEvent) => {
      const at = (e.data as { startAt?: number } | null)?.startAt;
      if (e.data === 'start' || typeof at === 'number') {
        this.blocks = [];
        this.filled = 0;
        this.stamp.reset();
        this.cut = typeof at === 'number' ? new StartCut(sampleRate, at) : null;
        this.firstRenderedAt = 'awaited';
        this.capturing = this.cut === null;
      } else if (e.data === 'flush') {
        this.send(this.clock.rendered);
        this.capturing = false;
        this.cut = null;
        this.port.postMessage({ flushed: true });
      }
    };
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    let input = inputs[0];
    const begin = this.clock.rendered;
    const now = Date.now();
    this.clock.quantum(now, input?.[0]?.length ?? outputs[0]?.[0]?.length ?? 128);
    if (!this.capturing && !this.cut) return true;
    // No input connected yet (or the track ended): nothing was captured, nothing to count.
    if (!input || input.length === 0) return true;
    if (!this.capturing) {
      const kept = this.cut!.take(input, this.clock.at(this.clock.rendered));
      if (!kept) return true;
      this.capturing = true;
      input = kept.channels;
      if (this.firstRenderedAt === 'awaited' && kept.firstMs !== undefined) this.firstRenderedAt = kept.firstMs;
      this.leadSilence = kept.silence ?? 0;
    }
    if (this.firstRenderedAt === 'awaited') this.firstRenderedAt = this.clock.at(begin);
    const frames = input[0]!.length;
    let at = 0;
    while (at < frames) {
      if (this.blocks.length !== input.length) this.blocks = input.map(() => new Float32Array(this.blockFrames));
      const n = Math.min(frames - at, this.blockFrames - this.filled);
      for (let c = 0; c < input.length; c++) this.blocks[c]!.set(input[c]!.subarray(at, at + n), this.filled);
      this.stamp.quantum(now, this.clock.rendered);
      this.filled += n;
      at += n;
      // (the input is the quantum's tail: its frames after this block's end are the quantum's last)
      if (this.filled === this.blockFrames) this.send(this.clock.rendered - (frames - at));
    }
    return true;
  }

  /** Sends the block so far, which ends before rendered frame `endIndex`. */
  private send(endIndex: number): void {
    if (this.filled === 0) return;
    // A full block goes as it is; only the last, partial one is cut to size.
    const channels = this.filled === this.blockFrames ? this.blocks : this.blocks.map((b) => b.slice(0, this.filled));
    // Stamped on this thread, which the page's own business never delays (Date is the one clock
    // a worklet has): the page reads the track's timing from these stamps (LosslessSource).
    const block: TapBlock = { channels, renderedAt: this.stamp.take(endIndex, Date.now()) };
    if (typeof this.firstRenderedAt === 'number') {
      block.firstRenderedAt = this.firstRenderedAt;
      this.firstRenderedAt = null;
    }
    if (this.leadSilence > 0) {
      block.leadSilence = this.leadSilence;
      this.leadSilence = 0;
    }
    this.port.postMessage(block, channels.map((c) => c.buffer));
    this.blocks = [];
    this.filled = 0;
  }
}

registerProcessor(PCM_TAP, PcmTap);
