import { ID, element, idBytes, sizeField, uintBytes } from './ebml';
import { completeUpTo, cuesBefore, newWebmIndex, indexChunk, type CuePoint, type WebmIndex } from './webm-index';

/**
 * MediaRecorder writes WebM live: no Duration (or, from Firefox's muxer, a Duration of 0), no Cues,
 * so players show no length and seek by scanning. Parts 2… are uploaded while recording and cannot
 * change, so the file is finished at its two ends, both built at Stop: part 1 (held back until then)
 * gets a SeekHead and a Duration, the last part gets the Cues appended. Everything changed in part 1
 * sits before the first Cluster, so every cluster moves by the same known amount (`growth`). A
 * muxer's own SeekHead there (Firefox writes an empty one) is replaced by ours; a Duration of 0 is
 * overwritten where it is. A take cut short by a crash may end inside an element: when that element
 * starts in the last part, the last part is trimmed to the last whole element before the Cues go on.
 */

/** SeekHead with three Seeks (Info, Tracks, Cues), positions in 8 bytes: always this long. */
export const SEEKHEAD_SIZE = 4 + 1 + 3 * (2 + 1 + (2 + 1 + 4) + (2 + 1 + 8));
const DURATION_SIZE = 2 + 1 + 8;

export interface Finishing {
  /** The index of the whole recording, or of part 1 alone for a recording begun without one. */
  index: WebmIndex;
  /** The seek points to write, or null to write only the Duration. */
  cues: readonly CuePoint[] | null;
  durationMs: number;
  /** Where the recorded bytes end after trimming (all parts, before finishing): the Cues start here. */
  end: number;
  firstPartSize: number;
  /** Where the last part starts in the recorded bytes. */
  lastPartStart: number;
}

/**
 * Whether the file can get a SeekHead and Cues: its header known and in part 1, and it ends
 * between elements, or can be trimmed to, within the last part.
 */
function canSeekIndex(index: WebmIndex, firstPartSize: number, lastPartStart: number): boolean {
  const { info } = index;
  const end = completeUpTo(index);
  return (
    end !== null && end >= lastPartStart && end > index.firstClusterAt && !index.indexed && cuesBefore(index, end).length > 0 &&
    index.segmentData >= 0 && info !== null && info.at >= index.segmentData && index.tracksAt >= index.segmentData &&
    index.firstClusterAt > Math.max(info.at, index.tracksAt) && index.firstClusterAt <= firstPartSize
  );
}

/** Bytes the Duration adds to Info (its size field becomes 8 bytes wide), when part 1 holds Info and it has none. */
function durationGrowth(f: Finishing): number {
  const info = f.index.info;
  if (!info || info.hasDuration || info.at + info.headerLength + info.size > f.firstPartSize) return 0;
  return 8 - (info.headerLength - 4) + DURATION_SIZE;
}

/** The Duration of 0 to overwrite in place, when part 1 holds it. */
function emptyDuration(f: Finishing): { at: number; size: number } | null {
  const d = f.index.info?.emptyDuration;
  return d && d.at + d.size <= f.firstPartSize ? d : null;
}

/** The muxer's SeekHead that ours replaces (only when Cues are written: otherwise it stays). */
function replacedSeekHead(f: Finishing): { at: number; length: number } | null {
  return f.cues ? (f.index.seekHead ?? null) : null;
}

/** Bytes put at the Segment's start: our SeekHead, and a Void filling what a longer replaced one leaves. */
function headLength(f: Finishing): number {
  if (!f.cues) return 0;
  const old = replacedSeekHead(f)?.length ?? 0;
  return old <= SEEKHEAD_SIZE ? SEEKHEAD_SIZE : SEEKHEAD_SIZE + Math.max(2, old - SEEKHEAD_SIZE);
}

/** How far finishing part 1 moves what was at `at` (a header element's start) and everything after. */
function shiftOf(f: Finishing, at: number): number {
  const old = replacedSeekHead(f);
  const info = f.index.info;
  return headLength(f) - (old && old.at < at ? old.length : 0) + (info && info.at < at ? durationGrowth(f) : 0);
}

/** How far finishing part 1 moves the clusters, and everything after Info and Tracks. */
export function growth(f: Finishing): number {
  return headLength(f) - (replacedSeekHead(f)?.length ?? 0) + durationGrowth(f);
}

/** Where the appended Cues start, from the Segment's data start. */
function cuesPosition(f: Finishing): number {
  return f.end + growth(f) - f.index.segmentData;
}

function seekHead(f: Finishing): number[] {
  const { index } = f;
  const info = index.info!;
  const seek = (id: number, position: number) =>
    element(ID.Seek, [...element(ID.SeekID, idBytes(id)), ...idBytes(ID.SeekPosition), ...sizeField(8, 1), ...uintBytes(position, 8)]);
  const body = [
    ...seek(ID.Info, shiftOf(f, info.at) + info.at - index.segmentData),
    ...seek(ID.Tracks, shiftOf(f, index.tracksAt) + index.tracksAt - index.segmentData),
    ...seek(ID.Cues, cuesPosition(f)),
  ];
  const out = element(ID.SeekHead, body);
  if (out.length !== SEEKHEAD_SIZE) throw new Error('SeekHead size');
  const fill = headLength(f) - SEEKHEAD_SIZE;
  if (fill === 0) return out;
  const voidHeader = fill - 2 < 127 ? [ID.Void, ...sizeField(fill - 2, 1)] : [ID.Void, ...sizeField(fill - 9, 8)];
  return [...out, ...voidHeader, ...new Array<number>(fill - voidHeader.length).fill(0)];
}

function durationBytes(f: Finishing, size: number): number[] {
  const bytes = new Uint8Array(size);
  const value = (f.durationMs * 1_000_000) / f.index.info!.timecodeScale;
  if (size === 4) new DataView(bytes.buffer).setFloat32(0, value);
  else new DataView(bytes.buffer).setFloat64(0, value);
  return [...bytes];
}

/** One change to part 1: `drop` bytes at `at` replaced by `put`. */
interface Edit {
  at: number;
  drop: number;
  put: number[] | Uint8Array;
}

/** Part 1 with the SeekHead (when cues are written) and the Duration put in. */
export function finishFirstPart(head: Uint8Array, f: Finishing): Uint8Array {
  const { index } = f;
  const info = index.info;
  if (!info) return head;
  const edits: Edit[] = [];
  if (f.cues) edits.push({ at: index.segmentData, drop: 0, put: seekHead(f) });
  const old = replacedSeekHead(f);
  if (old) edits.push({ at: old.at, drop: old.length, put: [] });
  const empty = emptyDuration(f);
  if (durationGrowth(f) > 0) {
    const bodyEnd = info.at + info.headerLength + info.size;
    edits.push({ at: info.at, drop: info.headerLength, put: [...idBytes(ID.Info), ...sizeField(info.size + DURATION_SIZE, 8)] });
    edits.push({ at: bodyEnd, drop: 0, put: [...idBytes(ID.Duration), ...sizeField(8, 1), ...durationBytes(f, 8)] });
  } else if (empty) edits.push({ at: empty.at, drop: empty.size, put: durationBytes(f, empty.size) });
  if (edits.length === 0) return head;
  edits.sort((a, b) => a.at - b.at); // stable: an insertion stays before a removal at the same place
  const out = new Uint8Array(head.length + growth(f));
  let [from, to] = [0, 0];
  for (const e of edits) {
    out.set(head.subarray(from, e.at), to);
    to += e.at - from;
    out.set(e.put, to);
    to += e.put.length;
    from = e.at + e.drop;
  }
  out.set(head.subarray(from), to);
  if (to + head.length - from !== out.length) throw new Error('part 1 size');
  return out;
}

/** The last part trimmed to its last whole element, before part 1 is finished (when it is part 1 too). */
export function trimLastPart(tail: Uint8Array, f: Finishing): Uint8Array {
  return f.cues ? tail.subarray(0, f.end - f.lastPartStart) : tail;
}

/** The (trimmed) last part with the Cues after it; cluster positions moved by what part 1 grew. */
export function finishLastPart(tail: Uint8Array, f: Finishing): Uint8Array {
  if (!f.cues) return tail;
  const shift = growth(f);
  const body: number[] = [];
  for (const c of f.cues) {
    const positions = element(ID.CueTrackPositions, [...element(ID.CueTrack, uintBytes(c.track)), ...element(ID.CueClusterPosition, uintBytes(c.cluster + shift))]);
    for (const b of element(ID.CuePoint, [...element(ID.CueTime, uintBytes(c.time)), ...positions])) body.push(b);
  }
  const cues = [...idBytes(ID.Cues), ...sizeField(body.length, 8)];
  const out = new Uint8Array(tail.length + cues.length + body.length);
  out.set(tail);
  out.set(cues, tail.length);
  out.set(body, tail.length + cues.length);
  return out;
}

/** For a recording that has no index (begun by an older page): part 1's header alone, for the Duration. */
export function indexOfHead(head: Uint8Array): WebmIndex {
  const index = newWebmIndex();
  indexChunk(index, head);
  return index;
}

/**
 * What finishing needs. `followed` says the index saw the whole recording (not part 1 alone); the
 * seek index is dropped when this file cannot take one.
 */
export function planFinishing(
  index: WebmIndex,
  followed: boolean,
  durationMs: number,
  sizes: { total: number; firstPart: number; lastPart: number },
): Finishing {
  const lastPartStart = sizes.total - sizes.lastPart;
  const seekable = followed && canSeekIndex(index, sizes.firstPart, lastPartStart);
  const end = seekable ? completeUpTo(index)! : sizes.total;
  return { index, cues: seekable ? cuesBefore(index, end) : null, durationMs, end, firstPartSize: sizes.firstPart, lastPartStart };
}
