import type { LocalRecording, Part } from './db';
import { finishFirstPart, finishLastPart, indexOfHead, planFinishing, trimLastPart, type Finishing } from './webm';

/**
 * Which parts of a stopped take change, and how. Part 1 gets the SeekHead and Duration; the
 * trailer part, the one packed at Stop, gets the Cues after its chunks. When every chunk was
 * already in a full part before Stop, the trailer is a part of its own with no chunks.
 */

export const isWebm = (mimeType: string) => mimeType.includes('webm');

/**
 * How to finish this take's file, given its parts so far (the trailer, if packed, last); `head` is
 * part 1's bytes, for a take begun without an index.
 */
export function finishingOf(rec: LocalRecording, parts: readonly Part[], head?: Uint8Array): Finishing | null {
  const first = parts.find((p) => p.partNumber === 1);
  if (!isWebm(rec.mimeType) || !first) return null;
  const trailer = parts.find((p) => p.trailer);
  const sizes = { total: rec.bytesRecorded, firstPart: first.size, lastPart: trailer?.size ?? 0 };
  if (rec.webm) return planFinishing(rec.webm, true, rec.durationMs, sizes);
  return head ? planFinishing(indexOfHead(head), false, rec.durationMs, sizes) : null;
}

/** True when a stopped take, all its chunks in parts, needs a part of its own for the Cues. */
export function needsTrailerPart(rec: LocalRecording, parts: readonly Part[]): boolean {
  return !!rec.webm && !parts.some((p) => p.trailer) && finishingOf(rec, parts)?.cues != null;
}

/** A part's bytes as they are uploaded. */
export function finishPart(chunks: Uint8Array, part: Part, f: Finishing | null): Uint8Array {
  if (!f) return chunks;
  let body = chunks;
  if (part.trailer) body = trimLastPart(body, f);
  if (part.partNumber === 1) body = finishFirstPart(body, f);
  if (part.trailer) body = finishLastPart(body, f);
  return body;
}
