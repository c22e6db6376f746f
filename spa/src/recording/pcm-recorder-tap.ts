import type { PcmTapPort } from './lossless';
import { PCM_WEBM, PcmWebmReader } from './pcm-webm';
import type { Fill, TapBlock } from './pcm-tap';
import type { WavFormat } from './wav';
import type { Judged } from './gap-filler';
import { MIN_JUMP_MS, TimecodeSkips, type TimecodeJump } from './timecode-skips';
import { StartCut } from './start-cut';
import { FlushWatch } from './flush-watch';
import { StampOrigin } from './stamp-origin';

/** How long after start() the track's first sample is placed: a pipeline behind at start() has caught up by then. */
const PLACE_AFTER_MS = 1000;

/**
 * A quarter-second slice, handed over as one block: the recorder's own 10 ms blocks one by one
 * would be 100 IndexedDB writes a second, which a busy machine does not keep up with.
 */
const SLICE_MS = 250;

/** Whether this browser's MediaRecorder writes lossless PCM (Chromium does; Firefox and Safari do not). */
export function pcmRecorderSupported(): boolean {
  return typeof MediaRecorder !== 'undefined' && MediaRecorder.isTypeSupported(PCM_WEBM);
}

/**
 * A lossless tap made of a MediaRecorder writing `audio/webm;codecs=pcm`, its samples read back out
 * (PcmWebmReader). It records from when it is made. Every slice's samples are handed over stamped
 * with when they end by the recorder's own timecodes (capture times, counted from start()), the
 * time the sample clock places them by: the slice's arrival on the main thread, used before, came
 * 0–60 ms late by the page's load and made drift figures of −189…+79 ppm on one machine.
 * Given the take's start instant ahead (`startsAtLocal`, page clock), it starts at once and the
 * track begins with the sample captured at that instant (StartCut). `latencyMs`, the browser's
 * input latency for the track (input-latency.ts), places every sample that much before its delivery.
 */
export function recorderTap(
  track: MediaStreamTrack,
  format: WavFormat,
  onError: (e: Error) => void = () => {},
  { startsAtLocal, latencyMs = 0 }: { startsAtLocal?: number; latencyMs?: number } = {},
): PcmTapPort {
  const recorder = new MediaRecorder(new MediaStream([track]), { mimeType: PCM_WEBM });
  const reader = new PcmWebmReader();
  let handler: (b: TapBlock) => void = () => {};
  let failed = false;
  const skips = new TimecodeSkips<Timed>(format.sampleRate);
  /** Silent frames the track began with (StartCut), told on the block that carries them. */
  let leadToTell = 0;
  /** Where the stamps jumped, skipped or back, for the tests to print (the first 100). */
  const jumps: TimecodeJump[] = [];
  /** Where the track's first sample lies on the recorder's time line: jumps are told from there. */
  let trackFromMs = 0;
  const noteJump = (jumpMs: number, endMs: number | null, frames: number) => {
    if (Math.abs(jumpMs) < MIN_JUMP_MS || endMs === null || jumps.length >= 100) return;
    jumps.push({ atMs: Math.round((endMs - (frames / format.sampleRate) * 1000 - trackFromMs) * 10) / 10, byMs: Math.round(jumpMs * 10) / 10 });
  };
  // A slice is handed over with where its last sample was captured (the recorder's stamps), its
  // skips filled with silence before it.
  const emit = (judged: Judged<Timed>[], arrivedAt: number) => {
    if (judged.length === 0) return;
    const parts = judged.flatMap((j) => (j.silenceBefore > 0 ? [j.block.channels.map(() => new Float32Array(j.silenceBefore)), j.block.channels] : [j.block.channels]));
    const endMs = judged[judged.length - 1]!.block.endMs;
    const fills: Fill[] = [];
    let at = 0;
    for (const j of judged) {
      if (j.silenceBefore > 0) fills.push({ at, frames: j.silenceBefore });
      at += j.silenceBefore + (j.block.channels[0]?.length ?? 0);
    }
    const block: TapBlock = { channels: joinBlocks(parts), arrivedAt: endMs === null ? arrivedAt : origin.capturedFrom + endMs };
    if (fills.length > 0) block.fills = fills;
    if (leadToTell > 0) {
      block.leadSilence = leadToTell;
      leadToTell = 0;
    }
    handler(block);
  };
  // Blobs are read one after another, so the blocks keep the recorder's order.
  let reading: Promise<void> = Promise.resolve();
  /** From Stop on: the recorder still handing over slices is waited for. */
  let stopping: FlushWatch | null = null;
  recorder.ondataavailable = (e: BlobEvent) => {
    const arrivedAt = performance.now();
    stopping?.alive();
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
        const timings = reader.lastFeedTimings;
        // Each block bounds where the time line began (StampOrigin); the instant is found on it after that.
        let moved = false;
        for (const t of timings) if (t.endMs !== null) moved = origin.saw(arrivedAt, t.endMs) || moved;
        if (moved && startsAtLocal !== undefined) cut.moveInstant(startsAtLocal - origin.capturedFrom);
        emit(blocks.flatMap((b, i) => {
          const { jumpMs = 0, endMs = null } = timings[i] ?? {};
          const begun = cut.started;
          const kept = cut.take(b, endMs);
          if (!kept) return [];
          if (!begun) firstOnLine = kept.firstMs ?? null;
          if (!begun && kept.firstMs !== undefined) trackFromMs = kept.firstMs;
          leadToTell += kept.silence ?? 0;
          // The block that begins the track is placed by its own stamp: a jump into it is no loss of the take's.
          if (begun) noteJump(jumpMs, endMs, b[0]!.length);
          const frames = kept.channels[0]!.length;
          return frames === 0 ? [] : skips.push({ channels: kept.channels, endMs }, begun ? jumpMs : 0, frames);
        }), arrivedAt);
        if (arrivedAt - startedLocal >= PLACE_AFTER_MS) placeFirst();
      } catch (err) {
        failed = true;
        onError(err instanceof Error ? err : new Error(String(err)));
      }
      // a slice read is news too: the next one's read begins only now
      stopping?.alive();
    });
  };
  // The recorder keeps the audio delivered from start() on: that call is its first sample (beside
  // an audio-only Opus recorder started in the same instant its sounds came 4–14 ms apart; the
  // slices' arrivals, which a busy page delays, placed it up to 60 ms late), unless the pipeline
  // was behind then (StampOrigin).
  const startedLocal = performance.now();
  // Where the recorder's time line begins: the capture of the first sample it was delivered.
  const origin = new StampOrigin(startedLocal, latencyMs);
  const cut = new StartCut(format.sampleRate, startsAtLocal === undefined ? null : startsAtLocal - origin.capturedFrom);
  /** The track's first sample on the time line: 0, from start(); null, its block had no stamp; undefined, not begun. */
  let firstOnLine: number | null | undefined = cut.started ? 0 : undefined;
  let resolveFirst: (at: number | null) => void = () => {};
  const firstSample = new Promise<number | null>((resolve) => (resolveFirst = resolve));
  let placed = false;
  // Once begun and a second on from start() (a stall across start() shows by then), or at Stop.
  const placeFirst = (atStop = false) => {
    if (placed || (firstOnLine === undefined && !atStop)) return;
    placed = true;
    resolveFirst(firstOnLine === undefined || firstOnLine === null ? null : origin.capturedFrom + firstOnLine);
  };
  recorder.start(SLICE_MS);
  return {
    format,
    firstSample,
    timecodeJumps: () => jumps,
    originMovedMs: () => Math.round(origin.movedMs * 10) / 10,
    onBlock: (h) => (handler = h),
    flush: async () => {
      const watch = (stopping = new FlushWatch());
      recorder.onstop = () => void reading.then(() => watch.finished());
      if (recorder.state !== 'inactive') recorder.stop();
      else void reading.then(() => watch.finished());
      const end = await watch.ended;
      // Whatever comes after a recorder went quiet (a stalled one) is not the take's any more.
      // Stopped before the instant: nothing recorded, nothing to place.
      placeFirst(true);
      emit(skips.flush(), performance.now());
      handler = () => {};
      return end;
    },
  };
}

/** A recorder block's samples and where they end on its time line. */
interface Timed {
  channels: Float32Array[];
  endMs: number | null;
}

/** One block of the slice's samples, per channel. */
function joinBlocks(blocks: Float32Array[][]): Float32Array[] {
  if (blocks.length === 1) return blocks[0]!;
  const frames = blocks.reduce((n, b) => n + b[0]!.length, 0);
  return blocks[0]!.map((_, ch) => {
    const out = new Float32Array(frames);
    let at = 0;
    for (const b of blocks) {
      out.set(b[ch]!, at);
      at += b[ch]!.length;
    }
    return out;
  });
}
