import { ID, element, idBytes, shortSizeField, uintBytes, vintWidth } from './ebml';

/**
 * Writes an audio-only WebM from a recording's header and some of its audio blocks: the smallest
 * ordinary file a decoder opens (known sizes throughout, as a finished file has), not a copy of
 * MediaRecorder's live layout, whose unknown sizes some readers only tolerate.
 */

/** One audio block as recorded: its time in timecode units and its SimpleBlock body (track, relative time, flags, frames). */
export interface AudioBlock {
  ticks: number;
  body: Uint8Array;
}

export interface AudioOnlyParts {
  /** The recording's EBML header element, whole (it names the DocType). */
  ebmlHeader: Uint8Array;
  timecodeScale: number;
  /** The audio TrackEntry element, whole, as recorded: its number matches the blocks'. */
  trackEntry: Uint8Array;
  /** In time order, at least one. */
  blocks: AudioBlock[];
}

/** The longest a cluster runs: well inside a block's 16-bit relative time, and short like a recorder's. */
const CLUSTER_MS = 5000;

/**
 * The file, with times rebased so the first block is at 0: a decoder then meets what it meets at
 * the start of any recording (its first packet at 0, the codec delay discarded from it), the case
 * Chromium's decodeAudioData is known to handle for the first chunks of a camera file.
 */
export function audioOnlyWebm(p: AudioOnlyParts): Uint8Array {
  const first = p.blocks[0];
  if (!first) throw new Error('no blocks to write');
  const clusterTicks = Math.min(0x7fff, Math.max(1, Math.floor((CLUSTER_MS * 1_000_000) / p.timecodeScale)));
  const clusters: Uint8Array[] = [];
  let start = 0;
  while (start < p.blocks.length) {
    const base = p.blocks[start]!.ticks - first.ticks;
    let end = start;
    while (end < p.blocks.length && p.blocks[end]!.ticks - first.ticks - base <= clusterTicks) end++;
    clusters.push(cluster(base, p.blocks.slice(start, end), first.ticks));
    start = end;
  }
  const last = p.blocks[p.blocks.length - 1]!;
  const beforeLast = p.blocks[p.blocks.length - 2];
  // A block's length is not written; the last one is taken to be as long as the gap before it.
  const durationTicks = last.ticks - first.ticks + (beforeLast ? last.ticks - beforeLast.ticks : 0);
  const info = element(ID.Info, [
    ...element(ID.TimecodeScale, uintBytes(p.timecodeScale)),
    ...element(ID.MuxingApp, ascii('podster')),
    ...element(ID.WritingApp, ascii('podster')),
    ...element(ID.Duration, float64(durationTicks)),
  ]);
  const tracks = element(ID.Tracks, Array.from(p.trackEntry));
  const body = concat([Uint8Array.from(info), Uint8Array.from(tracks), ...clusters]);
  return concat([p.ebmlHeader, Uint8Array.from([...idBytes(ID.Segment), ...shortSizeField(body.length)]), body]);
}

function cluster(timecode: number, blocks: AudioBlock[], zero: number): Uint8Array {
  const parts: Uint8Array[] = [Uint8Array.from(element(ID.Timecode, uintBytes(timecode)))];
  for (const b of blocks) {
    const body = b.body.slice();
    const trackWidth = vintWidth(body[0]!);
    const relative = b.ticks - zero - timecode;
    body[trackWidth] = (relative >> 8) & 0xff;
    body[trackWidth + 1] = relative & 0xff;
    parts.push(Uint8Array.from([...idBytes(ID.SimpleBlock), ...shortSizeField(body.length)]), body);
  }
  const inner = concat(parts);
  return concat([Uint8Array.from([...idBytes(ID.Cluster), ...shortSizeField(inner.length)]), inner]);
}

function ascii(s: string): number[] {
  return Array.from(new TextEncoder().encode(s));
}

function float64(value: number): number[] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  return Array.from(new Uint8Array(view.buffer));
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, x) => n + x.length, 0));
  let at = 0;
  for (const x of parts) {
    out.set(x, at);
    at += x.length;
  }
  return out;
}
