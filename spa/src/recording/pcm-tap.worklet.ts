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
/** The render thread's frame counter: the audio clock, which the page maps onto its own. */
declare const currentFrame: number;
declare function registerProcessor(name: string, ctor: new (options?: { processorOptions?: unknown }) => AudioWorkletProcessor): void;

import { PCM_TAP, type TapBlock } from './pcm-tap';

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
  /** The audio-clock frame where the current quantum's input ends, and how much of it follows the block being sent. */
  private endFrame = 0;
  private pendingInQuantum = 0;

  constructor(options?: { processorOptions?: unknown }) {
    super(options);
    this.blockFrames = (options?.processorOptions as { blockFrames?: number } | undefined)?.blockFrames ?? 48_000;
    this.port.onmessage = (e: MessageEvent) => {
      if (e.data === 'start') {
        this.blocks = [];
        this.filled = 0;
        this.capturing = true;
      } else if (e.data === 'flush') {
        this.send();
        this.capturing = false;
        this.port.postMessage({ flushed: true });
      }
    };
  }

  process(inputs: Float32Array[][]): boolean {
    if (!this.capturing) return true;
    const input = inputs[0];
    // No input connected yet (or the track ended): nothing was captured, nothing to count.
    if (!input || input.length === 0) return true;
    const frames = input[0]!.length;
    // This quantum's input ends at this frame of the audio clock.
    this.endFrame = currentFrame + frames;
    let at = 0;
    while (at < frames) {
      if (this.blocks.length !== input.length) this.blocks = input.map(() => new Float32Array(this.blockFrames));
      const n = Math.min(frames - at, this.blockFrames - this.filled);
      for (let c = 0; c < input.length; c++) this.blocks[c]!.set(input[c]!.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === this.blockFrames) {
        this.pendingInQuantum = frames - at;
        this.send();
      }
    }
    this.pendingInQuantum = 0;
    return true;
  }

  private send(): void {
    if (this.filled === 0) return;
    // A full block goes as it is; only the last, partial one is cut to size.
    const channels = this.filled === this.blockFrames ? this.blocks : this.blocks.map((b) => b.slice(0, this.filled));
    // The block's last sample is the quantum's last minus what of that quantum is still to come.
    const block: TapBlock = { channels, endFrame: this.endFrame - this.pendingInQuantum };
    this.port.postMessage(block, channels.map((c) => c.buffer));
    this.blocks = [];
    this.filled = 0;
  }
}

registerProcessor(PCM_TAP, PcmTap);
