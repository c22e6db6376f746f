import type { LocalRecording, Part } from './db';
import { trimMp4Tail, type Mp4Index } from './mp4';
import { finishWavHead, WAV_MIME } from './wav';
import { finishFirstPart, finishLastPart, indexOfHead, planFinishing, trimLastPart, type Finishing } from './webm';
import { mediaEndMs } from './webm-index';

/**
 * Which parts of a stopped take change, and how. WebM: part 1 gets the SeekHead and Duration; the
 * trailer part, the one packed at Stop, gets the Cues after its chunks. When every chunk was
 * already in a full part before Stop, the trailer is a part of its own with no chunks. WAV: part 1's
 * header gets the final sizes. Fragmented MP4: the trailer is cut back to the last whole fragment.
 */

export const isWebm = (mimeType: string) => mimeType.includes('webm');
export const isWav = (mimeType: string) => mimeType.startsWith(WAV_MIME);

/** How a stopped file is finished: a WebM plan, or the size a WAV header must declare. */
export type FileFinishing = { webm: Finishing } | { wavTotalBytes: number } | { mp4: Mp4Index; totalBytes: number };

/**
 * How long the recording is, ms: for a WebM followed chunk by chunk, where its media ends (the
 * page's clock runs long by the recorder's stop latency); else the page's count.
 */
export function recordedDurationMs(rec: Pick<LocalRecording, 'webm' | 'durationMs'>): number {
  const media = rec.webm ? mediaEndMs(rec.webm) : null;
  return media ?? rec.durationMs;
}

/**
 * How to finish this take's file, given its parts so far (the trailer, if packed, last); `head` is
 * part 1's bytes, for a take begun without an index.
 */
export function finishingOf(rec: LocalRecording, parts: readonly Part[], head?: Uint8Array): FileFinishing | null {
  const first = parts.find((p) => p.partNumber === 1);
  if (!first) return null;
  if (isWav(rec.mimeType)) return { wavTotalBytes: rec.bytesRecorded };
  if (rec.mp4) return { mp4: rec.mp4, totalBytes: rec.bytesRecorded };
  if (!isWebm(rec.mimeType)) return null;
  const trailer = parts.find((p) => p.trailer);
  const sizes = { total: rec.bytesRecorded, firstPart: first.size, lastPart: trailer?.size ?? 0 };
  if (rec.webm) return { webm: planFinishing(rec.webm, true, recordedDurationMs(rec), sizes) };
  return head ? { webm: planFinishing(indexOfHead(head), false, rec.durationMs, sizes) } : null;
}

/** True when a stopped take, all its chunks in parts, needs a part of its own for the Cues. */
export function needsTrailerPart(rec: LocalRecording, parts: readonly Part[]): boolean {
  if (!rec.webm || parts.some((p) => p.trailer)) return false;
  const f = finishingOf(rec, parts);
  return !!f && 'webm' in f && f.webm.cues != null;
}

/** A part's bytes as they are uploaded. */
export function finishPart(chunks: Uint8Array, part: Part, f: FileFinishing | null): Uint8Array {
  if (!f) return chunks;
  if ('wavTotalBytes' in f) return part.partNumber === 1 ? finishWavHead(chunks, f.wavTotalBytes) : chunks;
  // the trailer holds the file's last chunks: it starts where they start
  if ('mp4' in f) return part.trailer ? trimMp4Tail(chunks, f.totalBytes - part.size, f.mp4) : chunks;
  let body = chunks;
  if (part.trailer) body = trimLastPart(body, f.webm);
  if (part.partNumber === 1) body = finishFirstPart(body, f.webm);
  if (part.trailer) body = finishLastPart(body, f.webm);
  return body;
}
