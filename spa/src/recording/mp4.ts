/**
 * Fragmented MP4, as MediaRecorder writes it where WebM is not offered (Safari): `ftyp`, `moov`,
 * then a `moof` + `mdat` pair per fragment. Such a file needs nothing written at Stop, but one cut
 * short by a crash ends inside a fragment, and players refuse (or stop at) a box that overruns the
 * file. So the recorder follows the top-level boxes chunk by chunk, as it follows WebM's elements,
 * and a take resumed after a crash is cut back to its last whole fragment. The state is a few
 * numbers and at most one box header: plain data, stored with every chunk.
 */

import { packParts, type PackedPart } from './packer';

export const isMp4 = (mimeType: string) => mimeType.startsWith('video/mp4') || mimeType.startsWith('audio/mp4');

export interface Mp4Index {
  /** Bytes seen so far. */
  pos: number;
  /** Where the next top-level box starts. */
  next: number;
  /** The first bytes of that box's header, when a chunk boundary split it. */
  pending: number[];
  /** Boxes begun but not yet ended, in file order (a handful at most: top-level boxes follow each other). */
  open: { end: number; type: string }[];
  /** A `moof` has ended and its `mdat` has not: the fragment is not whole yet. */
  inFragment: boolean;
  /** End of the last box that leaves the file whole. */
  wholeEnd: number;
  /** Why the file cannot be followed (nothing more is read), or null. */
  broken: string | null;
}

export function newMp4Index(): Mp4Index {
  return { pos: 0, next: 0, pending: [], open: [], inFragment: false, wholeEnd: 0, broken: null };
}

const u32 = (h: readonly number[], at: number) => h[at]! * 2 ** 24 + (h[at + 1]! << 16) + (h[at + 2]! << 8) + h[at + 3]!;
const headerLength = (h: readonly number[]) => (h.length >= 4 && u32(h, 0) === 1 ? 16 : 8);

/** Follows one more chunk of the file. */
export function indexMp4Chunk(ix: Mp4Index, bytes: Uint8Array): void {
  const start = ix.pos;
  ix.pos += bytes.byteLength;
  while (!ix.broken && ix.next < ix.pos) {
    while (ix.pending.length < headerLength(ix.pending)) {
      const at = ix.next + ix.pending.length - start;
      if (at >= bytes.byteLength) return settle(ix);
      ix.pending.push(bytes[at]!);
    }
    const h = ix.pending;
    const size = u32(h, 0) === 1 ? u32(h, 8) * 2 ** 32 + u32(h, 12) : u32(h, 0);
    const type = String.fromCharCode(h[4]!, h[5]!, h[6]!, h[7]!);
    if (size < h.length) {
      // 0 (to the end of the file) or shorter than its own header: nothing past it can be placed
      ix.broken = `box ${type} at ${ix.next} has size ${size}`;
      break;
    }
    ix.open.push({ end: ix.next + size, type });
    ix.next += size;
    ix.pending = [];
  }
  settle(ix);
}

function settle(ix: Mp4Index): void {
  while (ix.open.length > 0 && ix.open[0]!.end <= ix.pos) {
    const box = ix.open.shift()!;
    if (box.type === 'moof') ix.inFragment = true;
    else if (box.type === 'mdat') ix.inFragment = false;
    if (!ix.inFragment) ix.wholeEnd = box.end;
  }
}

/**
 * The chunks a part may take while recording: those that end inside whole boxes. A part must never
 * hold the start of a fragment whose end is not yet recorded: were the page to die, that part would
 * already be in the store and could no longer be cut back. `firstAt` is where the first chunk
 * starts in the file.
 */
export function chunksWithinWhole<C extends { size: number }>(chunks: readonly C[], firstAt: number, ix: Mp4Index): C[] {
  let end = firstAt;
  let n = 0;
  while (n < chunks.length && end + chunks[n]!.size <= ix.wholeEnd) end += chunks[n++]!.size;
  return chunks.slice(0, n);
}

/**
 * Parts for a fragmented MP4: full parts only from chunks within whole boxes; at Stop, everything
 * else goes into the last part, so a cut left by a crash always falls inside that one.
 */
export function packMp4Parts(chunks: readonly { seq: number; size: number }[], stopped: boolean, firstAt: number, ix: Mp4Index, minBytes: number): PackedPart[] {
  const parts = packParts(chunksWithinWhole(chunks, firstAt, ix), false, minBytes);
  if (!stopped) return parts;
  const from = parts.length > 0 ? parts[parts.length - 1]!.lastSeq + 1 : -Infinity;
  const rest = chunks.filter((c) => c.seq >= from);
  if (rest.length > 0) parts.push({ firstSeq: rest[0]!.seq, lastSeq: rest[rest.length - 1]!.seq, size: rest.reduce((n, c) => n + c.size, 0) });
  return parts;
}

/**
 * The last part of a file cut short, cut back to its last whole box. `partStart` is where the part
 * begins in the file; the cut is always inside it (see packMp4Parts).
 */
export function trimMp4Tail(tail: Uint8Array, partStart: number, ix: Mp4Index): Uint8Array {
  const keep = Math.max(0, ix.wholeEnd - partStart);
  return keep >= tail.byteLength ? tail : tail.subarray(0, keep);
}
