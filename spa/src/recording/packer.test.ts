import { describe, expect, it } from 'vitest';
import { packParts } from './packer';
import { readVint, withWebmDuration } from './webm';

const chunks = (...sizes: number[]) => sizes.map((size, i) => ({ seq: i + 10, size }));

describe('packParts', () => {
  it.each([
    ['nothing yet', [], false, []],
    ['too little to fill a part', [3, 4], false, []],
    ['a full part and a rest that waits', [6, 5, 1], false, [{ firstSeq: 10, lastSeq: 11, size: 11 }]],
    ['the rest becomes the last part at stop', [6, 5, 1], true, [{ firstSeq: 10, lastSeq: 11, size: 11 }, { firstSeq: 12, lastSeq: 12, size: 1 }]],
    ['one big chunk is a part by itself', [25, 1, 9], false, [{ firstSeq: 10, lastSeq: 10, size: 25 }, { firstSeq: 11, lastSeq: 12, size: 10 }]],
    ['a short recording is one last part', [2, 2], true, [{ firstSeq: 10, lastSeq: 11, size: 4 }]],
  ])('%s', (_name, sizes, stopped, expected) => {
    expect(packParts(chunks(...(sizes as number[])), stopped as boolean, 10)).toEqual(expected);
  });

  it('refuses a gap in the chunks', () => {
    expect(() => packParts([{ seq: 1, size: 1 }, { seq: 3, size: 1 }], true, 10)).toThrow('chunk 2 is missing');
  });
});

describe('withWebmDuration', () => {
  // EBML header, Segment (unknown size), Info { TimecodeScale 1000000, MuxingApp "x" }, then a Cluster byte
  const ebml = [0x1a, 0x45, 0xdf, 0xa3, 0x80];
  const segment = [0x18, 0x53, 0x80, 0x67, 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  const infoBody = [0x2a, 0xd7, 0xb1, 0x83, 0x0f, 0x42, 0x40, 0x4d, 0x80, 0x81, 0x78];
  const info = [0x15, 0x49, 0xa9, 0x66, 0x80 | infoBody.length, ...infoBody];
  const file = new Uint8Array([...ebml, ...segment, ...info, 0x1f, 0x43, 0xb6, 0x75]);

  it('adds Duration to Info and grows Info’s size', () => {
    const out = withWebmDuration(file, 10_250);
    const infoAt = ebml.length + segment.length;
    const size = readVint(out, infoAt + 4);
    expect(size).toEqual({ width: 8, value: infoBody.length + 11 });
    const durationAt = infoAt + 4 + 8 + infoBody.length;
    expect([...out.subarray(durationAt, durationAt + 3)]).toEqual([0x44, 0x89, 0x88]);
    expect(new DataView(out.buffer, out.byteOffset + durationAt + 3, 8).getFloat64(0)).toBe(10_250);
    expect([...out.subarray(out.length - 4)]).toEqual([0x1f, 0x43, 0xb6, 0x75]);
  });

  it('leaves a file alone that has a Duration already or is not WebM', () => {
    const once = withWebmDuration(file, 1000);
    expect(withWebmDuration(once, 2000)).toBe(once);
    const mp4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]);
    expect(withWebmDuration(mp4, 1000)).toBe(mp4);
  });
});
