import { describe, expect, it } from 'vitest';
import { indexMp4Chunk, newMp4Index, trimMp4Tail } from './mp4';

const box = (type: string, bodyBytes: number, large = false) => {
  const size = bodyBytes + (large ? 16 : 8);
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  if (large) {
    v.setUint32(0, 1);
    v.setUint32(8, 0);
    v.setUint32(12, size);
  } else v.setUint32(0, size);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  return out;
};
const join = (...parts: Uint8Array[]) => new Uint8Array(parts.flatMap((p) => [...p]));

/** Feeds `file` in chunks of `n` bytes. */
function follow(file: Uint8Array, n: number) {
  const ix = newMp4Index();
  for (let at = 0; at < file.length; at += n) indexMp4Chunk(ix, file.subarray(at, at + n));
  return ix;
}

describe('following a fragmented MP4', () => {
  const head = join(box('ftyp', 16), box('moov', 300));
  const frag = (n: number) => join(box('moof', 100), box('mdat', n));
  const file = join(head, frag(1000), frag(2000, ), frag(500));

  it.each([1, 7, 16, 333, 100_000])('knows the file is whole at its end, in chunks of %i bytes', (n) => {
    const ix = follow(file, n);
    expect(ix.broken).toBeNull();
    expect(ix.wholeEnd).toBe(file.length);
  });

  it('a cut inside a fragment keeps everything before that fragment', () => {
    const fragStart = head.length + frag(1000).length;
    for (const cut of [fragStart + 5, fragStart + 108, fragStart + 150, fragStart + frag(2000).length - 1]) {
      expect(follow(file.subarray(0, cut), 64).wholeEnd).toBe(fragStart);
    }
    expect(follow(file.subarray(0, fragStart), 64).wholeEnd).toBe(fragStart);
  });

  it('reads 64-bit box sizes', () => {
    const big = join(head, box('moof', 10), box('mdat', 70_000, true));
    expect(follow(big, 1000).wholeEnd).toBe(big.length);
    expect(follow(big.subarray(0, big.length - 1), 1000).wholeEnd).toBe(head.length);
  });

  it('gives up on a box that runs to the end of the file or is shorter than its header', () => {
    const bad = join(head, new Uint8Array([0, 0, 0, 0, 0x6d, 0x64, 0x61, 0x74]), new Uint8Array(50));
    const ix = follow(bad, 10);
    expect(ix.broken).toMatch(/mdat/);
    expect(ix.wholeEnd).toBe(head.length);
  });

  it('trims only the last part, back to the last whole fragment', () => {
    const ix = follow(file.subarray(0, file.length - 10), 100);
    const partStart = head.length + 200;
    const tail = file.subarray(partStart, file.length - 10);
    expect(trimMp4Tail(tail, partStart, ix).byteLength).toBe(ix.wholeEnd - partStart);
    expect(trimMp4Tail(file.subarray(partStart), partStart, follow(file, 100)).byteLength).toBe(file.length - partStart);
  });
});

describe('packing a fragmented MP4 while it records', () => {
  it('gives a part only the chunks that end inside whole boxes', async () => {
    const { chunksWithinWhole } = await import('./mp4');
    const ix = { ...newMp4Index(), wholeEnd: 250 };
    const chunks = [{ size: 100 }, { size: 100 }, { size: 100 }];
    expect(chunksWithinWhole(chunks, 0, ix)).toHaveLength(2);
    expect(chunksWithinWhole(chunks, 50, ix)).toHaveLength(2);
    expect(chunksWithinWhole(chunks, 60, ix)).toHaveLength(1);
    expect(chunksWithinWhole(chunks, 300, ix)).toHaveLength(0);
  });
});

describe('packMp4Parts', () => {
  const chunks = [0, 1, 2, 3, 4].map((seq) => ({ seq, size: 100 }));
  it('packs full parts only within whole boxes while recording', async () => {
    const { packMp4Parts } = await import('./mp4');
    expect(packMp4Parts(chunks, false, 0, { ...newMp4Index(), wholeEnd: 250 }, 150)).toEqual([{ firstSeq: 0, lastSeq: 1, size: 200 }]);
  });
  it('at Stop puts everything past them into one last part, where a crash cut can be trimmed', async () => {
    const { packMp4Parts } = await import('./mp4');
    expect(packMp4Parts(chunks, true, 0, { ...newMp4Index(), wholeEnd: 250 }, 150)).toEqual([
      { firstSeq: 0, lastSeq: 1, size: 200 },
      { firstSeq: 2, lastSeq: 4, size: 300 },
    ]);
    expect(packMp4Parts(chunks, true, 0, { ...newMp4Index(), wholeEnd: 50 }, 150)).toEqual([{ firstSeq: 0, lastSeq: 4, size: 500 }]);
  });
});
