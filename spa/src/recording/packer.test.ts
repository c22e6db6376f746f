import { describe, expect, it } from 'vitest';
import { packParts } from './packer';

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

  it.each([
    ['while recording the newest chunk waits, even when it would fill a part', [6, 5], false, []],
    ['the chunks before it are packed', [6, 5, 1], false, [{ firstSeq: 10, lastSeq: 11, size: 11 }]],
    ['at stop the newest chunk is packed too', [6, 5], true, [{ firstSeq: 10, lastSeq: 11, size: 11 }]],
  ])('holding the newest chunk back (WebM): %s', (_name, sizes, stopped, expected) => {
    expect(packParts(chunks(...(sizes as number[])), stopped as boolean, 10, { holdNewest: true })).toEqual(expected);
  });

  it('refuses a gap in the chunks', () => {
    expect(() => packParts([{ seq: 1, size: 1 }, { seq: 3, size: 1 }], true, 10)).toThrow('chunk 2 is missing');
  });
});
