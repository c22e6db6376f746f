import { ID, element, idBytes, sizeField, uintBytes } from './ebml';
import { endsCleanly, newWebmIndex, indexChunk, type CuePoint, type WebmIndex } from './webm-index';

/**
 * MediaRecorder writes WebM live: no Duration, no Cues, so players show no length and seek by
 * scanning. Parts 2… are uploaded while recording and cannot change, so the file is finished at its
 * two ends, both built at Stop: part 1 (held back until then) gets a SeekHead and a Duration, the
 * last part gets the Cues appended. Everything inserted in part 1 sits before the first Cluster,
 * so every cluster moves by the same known amount (`growth`).
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
  /** The recorded bytes, all parts, before finishing. */
  totalBytes: number;
  firstPartSize: number;
}

/** Whether the file can get a SeekHead and Cues: its header known and in part 1, its end between elements. */
export function canSeekIndex(index: WebmIndex, firstPartSize: number, cues: readonly CuePoint[]): boolean {
  const { info } = index;
  return (
    endsCleanly(index) && !index.indexed && cues.length > 0 && index.segmentData >= 0 && info !== null && info.at >= index.segmentData &&
    index.tracksAt >= index.segmentData && index.firstClusterAt > Math.max(info.at, index.tracksAt) && index.firstClusterAt <= firstPartSize
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
export function cuesPosition(f: Finishing): number {
  return f.totalBytes + growth(f) - f.index.segmentData;
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

/** The last part with the Cues after it; cluster positions moved by what part 1 grew. */
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
export function planFinishing(index: WebmIndex, followed: boolean, durationMs: number, totalBytes: number, firstPartSize: number): Finishing {
  const seekable = followed && canSeekIndex(index, firstPartSize, index.cues);
  return { index, cues: seekable ? index.cues : null, durationMs, totalBytes, firstPartSize };
}
