import { ID, element, idBytes, sizeField, uintBytes } from './ebml';
import { completeUpTo, cuesBefore, newWebmIndex, indexChunk, type CuePoint, type WebmIndex } from './webm-index';

/**
 * MediaRecorder writes WebM live: no Duration, no Cues, so players show no length and seek by
 * scanning. Parts 2… are uploaded while recording and cannot change, so the file is finished at its
 * two ends, both built at Stop: part 1 (held back until then) gets a SeekHead and a Duration, the
 * last part gets the Cues appended. Everything inserted in part 1 sits before the first Cluster,
 * so every cluster moves by the same known amount (`growth`). A take cut short by a crash may end
 * inside an element: when that element starts in the last part, the last part is trimmed to the
 * last whole element before the Cues go on.
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

/** How far finishing part 1 moves everything after Info and Tracks. */
export function growth(f: Finishing): number {
  return (f.cues ? SEEKHEAD_SIZE : 0) + durationGrowth(f);
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
  const tracksShift = index.tracksAt > info.at ? durationGrowth(f) : 0;
  const body = [
    ...seek(ID.Info, SEEKHEAD_SIZE + info.at - index.segmentData),
    ...seek(ID.Tracks, SEEKHEAD_SIZE + tracksShift + index.tracksAt - index.segmentData),
    ...seek(ID.Cues, cuesPosition(f)),
  ];
  const out = element(ID.SeekHead, body);
  if (out.length !== SEEKHEAD_SIZE) throw new Error('SeekHead size');
  return out;
}

/** Part 1 with the SeekHead (when cues are written) and the Duration put in. */
export function finishFirstPart(head: Uint8Array, f: Finishing): Uint8Array {
  const { index } = f;
  const info = index.info;
  if (!info || growth(f) === 0) return head;
  const pieces: (Uint8Array | number[])[] = [];
  let from = 0;
  if (f.cues) {
    pieces.push(head.subarray(0, index.segmentData), seekHead(f));
    from = index.segmentData;
  }
  const bodyStart = info.at + info.headerLength;
  const bodyEnd = bodyStart + info.size;
  if (durationGrowth(f) > 0) {
    const duration = new Uint8Array(DURATION_SIZE);
    duration.set([...idBytes(ID.Duration), ...sizeField(8, 1)]);
    new DataView(duration.buffer).setFloat64(3, (f.durationMs * 1_000_000) / info.timecodeScale);
    pieces.push(head.subarray(from, info.at), idBytes(ID.Info), sizeField(info.size + DURATION_SIZE, 8), head.subarray(bodyStart, bodyEnd), duration);
    from = bodyEnd;
  }
  pieces.push(head.subarray(from));
  const out = new Uint8Array(head.length + growth(f));
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
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
