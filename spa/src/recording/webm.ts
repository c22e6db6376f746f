/**
 * MediaRecorder's WebM has no Duration (it is written live). Players then show no length and
 * cannot seek. This inserts Segment/Info/Duration into the start of the file. The Segment has
 * "unknown size" in MediaRecorder output, so growing Info by a few bytes needs no other change.
 */
const INFO_ID = [0x15, 0x49, 0xa9, 0x66];
const DURATION_ID = [0x44, 0x89];
const TIMECODE_SCALE_ID = [0x2a, 0xd7, 0xb1];

function indexOf(bytes: Uint8Array, pattern: number[], from = 0, to = bytes.length): number {
  outer: for (let i = from; i <= to - pattern.length; i++) {
    for (let j = 0; j < pattern.length; j++) if (bytes[i + j] !== pattern[j]) continue outer;
    return i;
  }
  return -1;
}

/** An EBML variable-length integer: its width and value. */
export function readVint(bytes: Uint8Array, at: number): { width: number; value: number } {
  const first = bytes[at] ?? 0;
  let width = 1;
  while (width <= 8 && !(first & (0x80 >> (width - 1)))) width++;
  if (width > 8) throw new Error('bad EBML size');
  let value = first & (0xff >> width);
  for (let i = 1; i < width; i++) value = value * 256 + (bytes[at + i] ?? 0);
  return { width, value };
}

function vint8(value: number): number[] {
  const out = [0x01, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 7; i >= 1; i--) {
    out[i] = value % 256;
    value = Math.floor(value / 256);
  }
  return out;
}

/** Returns the file start with a Duration (in Info's timecode units); unchanged when not WebM. */
export function withWebmDuration(head: Uint8Array, durationMs: number): Uint8Array {
  const info = indexOf(head, INFO_ID, 0, Math.min(head.length, 4096));
  if (info < 0) return head;
  const sizeAt = info + INFO_ID.length;
  const { width, value: infoSize } = readVint(head, sizeAt);
  const bodyStart = sizeAt + width;
  const bodyEnd = bodyStart + infoSize;
  if (bodyEnd > head.length || indexOf(head, DURATION_ID, bodyStart, bodyEnd) >= 0) return head;
  let scaleNs = 1_000_000;
  const ts = indexOf(head, TIMECODE_SCALE_ID, bodyStart, bodyEnd);
  if (ts >= 0) {
    const v = readVint(head, ts + 3);
    let s = 0;
    for (let i = 0; i < v.value; i++) s = s * 256 + (head[ts + 3 + v.width + i] ?? 0);
    if (s > 0) scaleNs = s;
  }
  const duration = new Uint8Array(11);
  duration.set([...DURATION_ID, 0x88]);
  new DataView(duration.buffer).setFloat64(3, (durationMs * 1_000_000) / scaleNs);
  const out = new Uint8Array(head.length - width + 8 + duration.length);
  out.set(head.subarray(0, sizeAt), 0);
  out.set(vint8(infoSize + duration.length), sizeAt);
  out.set(head.subarray(bodyStart, bodyEnd), sizeAt + 8);
  out.set(duration, sizeAt + 8 + infoSize);
  out.set(head.subarray(bodyEnd), sizeAt + 8 + infoSize + duration.length);
  return out;
}
