import { firstAudioBlockMs, indexChunk, newWebmIndex } from './webm-index';

/** How long a recorder waits to see its file's first audio block before it keeps start()'s instant. */
const LEAD_LIMIT_MS = 5000;

/**
 * Reads a WebM recording's first chunks until its audio track's first block shows, and tells its
 * time: how far into the file the audio, which begins when start() was called, sits. Measured
 * beside an audio-only recorder of the same microphone started in the same instant, the camera
 * file's sounds came exactly that much later (0–33 ms, a frame of the camera's at most).
 */
export class AudioLead {
  private readonly index = newWebmIndex();
  private found: number | null = null;
  private done = false;
  private resolve: (ms: number | null) => void = () => {};
  private readonly result = new Promise<number | null>((r) => (this.resolve = r));

  /** The next chunk of the file (ignored once the lead is known, or for a file it cannot read). */
  see(bytes: ArrayBuffer): void {
    if (this.done) return;
    try {
      indexChunk(this.index, new Uint8Array(bytes));
      this.found = firstAudioBlockMs(this.index);
      if (this.index.broken) this.finish(null);
    } catch {
      this.finish(null);
    }
    if (this.found !== null) this.finish(this.found);
  }

  /** The lead, ms, or null if no audio block came in time (or the file is not WebM). */
  lead(): Promise<number | null> {
    setTimeout(() => this.finish(null), LEAD_LIMIT_MS);
    return this.result;
  }

  private finish(ms: number | null): void {
    if (this.done) return;
    this.done = true;
    this.resolve(ms);
  }
}
