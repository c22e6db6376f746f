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
import { RenderClock } from './render-clock';

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
  /** A start told ahead: capturing begins with the frame this thread's clock puts at this wall-clock instant. */
  private startAt: number | null = null;
  /** Where this thread's frames lie on the wall clock, told of every quantum from Join on. */
  private readonly clock = new RenderClock(sampleRate);
  /**
   * The first captured frame's wall time (see TapBlock.firstRenderedAt): 'awaited' from a start
   * until that frame is rendered, then its time until the block that carries it is sent.
   */
  private firstRenderedAt: number | 'awaited' | null = null;

  constructor(options?: { processorOptions?: unknown }) {
    super(options);
    this.blockFrames = (options?.processorOptions as { blockFrames?: number } | undefined)?.blockFrames ?? 48_000;
    this.port.onmessage = (e: MessageEvent) => {
      const at = (e.data as { startAt?: number } | null)?.startAt;
      if (e.data === 'start' || typeof at === 'number') {
        this.blocks = [];
        this.filled = 0;
        this.startAt = typeof at === 'number' ? at : null;
        this.firstRenderedAt = 'awaited';
        this.capturing = this.startAt === null;
      } else if (e.data === 'flush') {
        this.send();
        this.capturing = false;
        this.startAt = null;
        this.port.postMessage({ flushed: true });
      }
    };
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const input = inputs[0];
    const quantum = input?.[0]?.length ?? outputs[0]?.[0]?.length ?? 128;
    const begin = this.clock.rendered;
    this.clock.quantum(Date.now(), quantum);
    let at = 0;
    if (!this.capturing) {
      if (this.startAt === null) return true;
      const before = this.clock.framesBefore(this.startAt, quantum);
      if (before === null) return true;
      this.capturing = true;
      at = before;
    }
    // No input connected yet (or the track ended): nothing was captured, nothing to count.
    if (!input || input.length === 0) return true;
    const frames = input[0]!.length;
    if (this.firstRenderedAt === 'awaited') this.firstRenderedAt = this.clock.at(begin + at);
    while (at < frames) {
      if (this.blocks.length !== input.length) this.blocks = input.map(() => new Float32Array(this.blockFrames));
      const n = Math.min(frames - at, this.blockFrames - this.filled);
      for (let c = 0; c < input.length; c++) this.blocks[c]!.set(input[c]!.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === this.blockFrames) this.send();
    }
    return true;
  }

  private send(): void {
    if (this.filled === 0) return;
    // A full block goes as it is; only the last, partial one is cut to size.
    const channels = this.filled === this.blockFrames ? this.blocks : this.blocks.map((b) => b.slice(0, this.filled));
    // Stamped on this thread, which the page's own business never delays (Date is the one clock
    // a worklet has): the page reads the track's timing from these stamps (LosslessSource).
    const block: TapBlock = { channels, renderedAt: Date.now() };
    if (typeof this.firstRenderedAt === 'number') {
      block.firstRenderedAt = this.firstRenderedAt;
      this.firstRenderedAt = null;
    }
    this.port.postMessage(block, channels.map((c) => c.buffer));
    this.blocks = [];
    this.filled = 0;
  }
}

registerProcessor(PCM_TAP, PcmTap);
