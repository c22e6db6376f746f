import type { PcmTapPort } from './lossless';
import { PCM_WEBM, PcmWebmReader } from './pcm-webm';
import type { TapBlock } from './pcm-tap';
import type { WavFormat } from './wav';

/** Slices short enough that the first-sample estimate (earliest slice) lands within a few ms. */
const SLICE_MS = 100;
const FLUSH_LIMIT_MS = 2000;

/** Whether this browser's MediaRecorder writes lossless PCM (Chromium does; Firefox and Safari do not). */
export function pcmRecorderSupported(): boolean {
  return typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(PCM_WEBM);
}

/**
 * A lossless tap made of a MediaRecorder writing `audio/webm;codecs=pcm`, its samples read back out
 * (PcmWebmReader). It records from when it is made. Every slice's samples are handed over stamped
 * with the slice's arrival, the time the sample clock places them by.
 */
export function recorderTap(track: MediaStreamTrack, format: WavFormat, onError: (e: Error) => void = () => {}): PcmTapPort {
  const recorder = new MediaRecorder(new MediaStream([track]), { mimeType: PCM_WEBM });
  const reader = new PcmWebmReader();
  let handler: (b: TapBlock) => void = () => {};
  let failed = false;
  // Blobs are read one after another, so the blocks keep the recorder's order.
  let reading: Promise<void> = Promise.resolve();
  recorder.ondataavailable = (e: BlobEvent) => {
    const arrivedAt = performance.now();
    if (e.data.size === 0) return;
    const data = e.data;
    reading = reading.then(async () => {
      if (failed) return;
      try {
        const blocks = reader.feed(new Uint8Array(await data.arrayBuffer()));
        const got = reader.format;
        if (got && (got.sampleRate !== format.sampleRate || got.channels !== format.channels)) {
          throw new Error(`the recorder gives ${got.channels} ch at ${got.sampleRate} Hz, the track said ${format.channels} ch at ${format.sampleRate} Hz`);
        }
        for (const channels of blocks) handler({ channels, arrivedAt });
      } catch (err) {
        failed = true;
        onError(err instanceof Error ? err : new Error(String(err)));
      }
    });
  };
  recorder.start(SLICE_MS);
  return {
    format,
    onBlock: (h) => (handler = h),
    flush: () =>
      new Promise<void>((resolve) => {
        // Whatever comes after the flush settles (a stalled recorder) is not the take's any more.
        const done = () => {
          clearTimeout(timer);
          handler = () => {};
          resolve();
        };
        const timer = setTimeout(done, FLUSH_LIMIT_MS);
        recorder.onstop = () => void reading.then(done);
        if (recorder.state !== 'inactive') recorder.stop();
        else void reading.then(done);
      }),
  };
}
