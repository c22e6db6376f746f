/** S3 multipart: every part but the last is at least 5 MiB. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;

export interface PackedPart {
  firstSeq: number;
  lastSeq: number;
  size: number;
}

/**
 * Groups consecutive chunks (not yet in a part) into parts of at least `minBytes`. Once the
 * recording has stopped, what is left becomes the last part, of any size. Chunks that do not yet
 * fill a part wait for more. With `holdNewest` (WebM) the newest chunk waits too while recording:
 * a crash may cut the file inside its last element (a MediaRecorder slice can end anywhere), and
 * finishing can trim that element only in the last part, packed after the crash — which exists
 * only if some chunk was left out of the parts. (Measured: a 1080p take killed right after a part
 * was packed got no Cues, its last part already uploaded with one byte of a cut element at its
 * end.) WAV chunks hold whole sample frames and MP4 parts end on whole boxes: they need no wait.
 */
export function packParts(
  chunks: readonly { seq: number; size: number }[],
  stopped: boolean,
  minBytes = MIN_PART_BYTES,
  { holdNewest = false } = {},
): PackedPart[] {
  const parts: PackedPart[] = [];
  let current = null as PackedPart | null;
  for (const c of holdNewest && !stopped ? chunks.slice(0, -1) : chunks) {
    const prev: PackedPart | null = current;
    if (prev && c.seq !== prev.lastSeq + 1) throw new Error(`chunk ${prev.lastSeq + 1} is missing`);
    current = prev ? { firstSeq: prev.firstSeq, lastSeq: c.seq, size: prev.size + c.size } : { firstSeq: c.seq, lastSeq: c.seq, size: c.size };
    if (current.size >= minBytes) {
      parts.push(current);
      current = null;
    }
  }
  if (current && stopped) parts.push(current);
  return parts;
}
