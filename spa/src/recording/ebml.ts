/** The few EBML (Matroska/WebM) primitives the recorder reads and writes. IDs keep their marker bits. */

export const ID = {
  EBML: 0x1a45dfa3,
  Segment: 0x18538067,
  SeekHead: 0x114d9b74,
  Seek: 0x4dbb,
  SeekID: 0x53ab,
  SeekPosition: 0x53ac,
  Info: 0x1549a966,
  TimecodeScale: 0x2ad7b1,
  Duration: 0x4489,
  MuxingApp: 0x4d80,
  WritingApp: 0x5741,
  Tracks: 0x1654ae6b,
  TrackEntry: 0xae,
  TrackNumber: 0xd7,
  TrackType: 0x83,
  CodecID: 0x86,
  CodecPrivate: 0x63a2,
  CodecDelay: 0x56aa,
  SeekPreRoll: 0x56bb,
  Audio: 0xe1,
  SamplingFrequency: 0xb5,
  Channels: 0x9f,
  Cluster: 0x1f43b675,
  Timecode: 0xe7,
  SimpleBlock: 0xa3,
  BlockGroup: 0xa0,
  Block: 0xa1,
  Cues: 0x1c53bb6b,
  CuePoint: 0xbb,
  CueTime: 0xb3,
  CueTrackPositions: 0xb7,
  CueTrack: 0xf7,
  CueClusterPosition: 0xf1,
  Void: 0xec,
} as const;

/** What an element's size field says when the writer did not know it (live streams). */
export const UNKNOWN_SIZE = -1;

/** The width of the vint starting with this byte (1–8), or 0 if the byte cannot start one. */
export function vintWidth(first: number): number {
  for (let w = 1; w <= 8; w++) if (first & (0x80 >> (w - 1))) return w;
  return 0;
}

/** An EBML variable-length integer: its width and value (the marker bit removed). */
export function readVint(bytes: ArrayLike<number>, at: number): { width: number; value: number } {
  const width = vintWidth(bytes[at] ?? 0);
  if (width === 0) throw new Error('bad EBML size');
  let value = (bytes[at] ?? 0) & (0xff >> width);
  for (let i = 1; i < width; i++) value = value * 256 + (bytes[at + i] ?? 0);
  return { width, value };
}

/** A size field's value, with "all ones" (any width) read as UNKNOWN_SIZE. */
export function readSize(bytes: ArrayLike<number>, at: number): { width: number; value: number } {
  const v = readVint(bytes, at);
  return v.value === 2 ** (7 * v.width) - 1 ? { width: v.width, value: UNKNOWN_SIZE } : v;
}

/** An element ID as a number (marker bits kept, as IDs are written in the spec). */
export function readId(bytes: ArrayLike<number>, at: number): { width: number; value: number } {
  const width = vintWidth(bytes[at] ?? 0);
  if (width === 0 || width > 4) throw new Error('bad EBML ID');
  let value = 0;
  for (let i = 0; i < width; i++) value = value * 256 + (bytes[at + i] ?? 0);
  return { width, value };
}

export function readUint(bytes: ArrayLike<number>, at: number, length: number): number {
  let v = 0;
  for (let i = 0; i < length; i++) v = v * 256 + (bytes[at + i] ?? 0);
  return v;
}

function bigEndian(value: number, width: number): number[] {
  const out = new Array<number>(width).fill(0);
  for (let i = width - 1; i >= 0; i--) {
    out[i] = value % 256;
    value = Math.floor(value / 256);
  }
  return out;
}

/** A size field of exactly `width` bytes (the writer picks the width to keep a layout fixed). */
export function sizeField(value: number, width: number): number[] {
  if (value >= 2 ** (7 * width) - 1) throw new Error(`${value} does not fit a ${width}-byte size`);
  const out = bigEndian(value, width);
  out[0]! |= 0x80 >> (width - 1);
  return out;
}

/** The shortest size field for a value. */
export function shortSizeField(value: number): number[] {
  let width = 1;
  while (value >= 2 ** (7 * width) - 1) width++;
  return sizeField(value, width);
}

export function idBytes(id: number): number[] {
  return bigEndian(id, id > 0xffffff ? 4 : id > 0xffff ? 3 : id > 0xff ? 2 : 1);
}

/** An unsigned integer in `width` bytes, or the fewest that hold it. */
export function uintBytes(value: number, width?: number): number[] {
  let w = width ?? 1;
  if (width === undefined) while (value >= 2 ** (8 * w)) w++;
  return bigEndian(value, w);
}

/** id + shortest size + body. */
export function element(id: number, body: number[]): number[] {
  return [...idBytes(id), ...shortSizeField(body.length), ...body];
}
