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
 * fill a part wait for more.
 */
export function packParts(
  chunks: readonly { seq: number; size: number }[],
  stopped: boolean,
  minBytes = MIN_PART_BYTES,
): PackedPart[] {
  const parts: PackedPart[] = [];
  let current = null as PackedPart | null;
  for (const c of chunks) {
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
