import { describe, expect, it } from 'vitest';
import { ID, idBytes } from './ebml';
import { SEEKHEAD_SIZE, finishFirstPart, finishLastPart, growth, indexOfHead, planFinishing, trimLastPart } from './webm';
import { indexChunk, newWebmIndex } from './webm-index';
import { cut, inspect, testWebm, type TestFileOptions } from './webm-test-support';

const clusters: TestFileOptions['clusters'] = [
  { timecode: 0, blocks: [{ track: 1, time: 0, key: true }, { track: 2, time: 3, key: true }] },
  { timecode: 1000, blocks: [{ track: 2, time: 0, key: false }, { track: 2, time: 33, key: true }] },
  { timecode: 2000, blocks: [{ track: 1, time: 0, key: true }, { track: 2, time: 10, key: false }] },
  { timecode: 3000, blocks: [{ track: 2, time: 0, key: true, bytes: 500 }] },
];

/** Records `file` in chunks, uploads it as parts cut at `partEnds`, finishes both ends, and joins the parts again. */
function finishedFile(file: Uint8Array, partEnds: number[], durationMs = 4000, chunkEnds = [7, 60, 61, 200, 333]) {
  const index = newWebmIndex();
  for (const c of cut(file, chunkEnds)) indexChunk(index, c);
  const parts = cut(file, partEnds);
  const last = parts.length - 1;
  const f = planFinishing(index, true, durationMs, { total: file.length, firstPart: parts[0]!.length, lastPart: parts[last]!.length });
  parts[last] = trimLastPart(parts[last]!, f);
  parts[0] = finishFirstPart(parts[0]!, f);
  parts[last] = finishLastPart(parts[last]!, f);
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  parts.reduce((at, p) => (out.set(p, at), at + p.length), 0);
  return { out, f };
}

describe('finishing a WebM recorded in parts', () => {
  const file = testWebm({ clusters });
  const headerEnd = indexOfHead(file).firstClusterAt;

  it.each([
    ['three parts', [150, 400]],
    ['one part (a short take)', []],
    ['part 1 ending right after the header', 'header'],
  ])('%s: SeekHead finds Info, Tracks and Cues, every cue finds its cluster', (_name, ends) => {
    const { out, f } = finishedFile(file, ends === 'header' ? [headerEnd] : (ends as number[]));
    expect(f.cues).toHaveLength(3);
    const seen = inspect(out);
    expect(seen.seeks).toEqual([{ names: ID.Info, finds: ID.Info }, { names: ID.Tracks, finds: ID.Tracks }, { names: ID.Cues, finds: ID.Cues }]);
    expect(seen.duration).toBe(4000);
    expect(seen.clusters).toHaveLength(4);
    expect(seen.cues).toEqual([{ time: 3, track: 2, cluster: 0 }, { time: 1033, track: 2, cluster: 1 }, { time: 3000, track: 2, cluster: 3 }]);
    // the media itself is untouched: everything from the first cluster on is the recorded bytes
    const firstCluster = seen.clusters[0]!.at;
    expect(out.subarray(firstCluster, firstCluster + file.length - f.index.firstClusterAt)).toEqual(file.subarray(f.index.firstClusterAt));
  });

  it('grows part 1 by the SeekHead and the Duration, whatever the width of Info’s size', () => {
    const wide = testWebm({ clusters, infoSizeWidth: 8 });
    const narrow = finishedFile(file, [300]);
    const eight = finishedFile(wide, [300]);
    expect(growth(narrow.f)).toBe(SEEKHEAD_SIZE + 7 + 11);
    expect(growth(eight.f)).toBe(SEEKHEAD_SIZE + 11);
    expect(inspect(eight.out).seeks.map((s) => s.finds)).toEqual([ID.Info, ID.Tracks, ID.Cues]);
  });

  it('keeps a Duration that is there, adding only the SeekHead', () => {
    const timed = testWebm({ clusters, withDuration: true });
    const { out, f } = finishedFile(timed, [300]);
    expect(growth(f)).toBe(SEEKHEAD_SIZE);
    expect(inspect(out).seeks.map((s) => s.finds)).toEqual([ID.Info, ID.Tracks, ID.Cues]);
    expect(inspect(out).duration).toBe(1000);
  });

  it('trims a take cut inside its last element when that element starts in the last part, then adds the Cues', () => {
    // cut inside cluster 3's only block, its keyframe: that seek point goes too
    const truncated = file.subarray(0, file.length - 100);
    const { out, f } = finishedFile(truncated, [300]);
    const seen = inspect(out);
    // cluster 3 keeps its Timecode, and the Cues follow
    expect(seen.clusters[3]!.children!.map((c) => c.id)).toEqual([ID.Timecode]);
    expect(seen.clusters[3]!.end).toBe(f.end + growth(f));
    expect(seen.cues.map((c) => c.cluster)).toEqual([0, 1]);
    expect(seen.seeks.map((s) => s.finds)).toEqual([ID.Info, ID.Tracks, ID.Cues]);
  });

  it('writes only the Duration when the element cut short starts in a part already uploaded', () => {
    const truncated = file.subarray(0, file.length - 100);
    const { out, f } = finishedFile(truncated, [truncated.length - 50]);
    expect(f.cues).toBeNull();
    expect(out.length).toBe(truncated.length + 18);
    const seen = inspect(out.subarray(0, headerEnd + 18));
    expect(seen.duration).toBe(4000);
    expect(seen.seeks).toEqual([]);
  });

  it.each([
    ['an empty one (Firefox)', 'empty' as const],
    ['a shorter one', 40],
    ['one as long as ours', SEEKHEAD_SIZE],
    ['one a byte longer than ours', SEEKHEAD_SIZE + 1],
    ['a much longer one', SEEKHEAD_SIZE + 300],
  ])('puts its SeekHead in place of the muxer’s: %s', (_name, seekHead) => {
    const own = testWebm({ clusters, withSeekHead: seekHead, zeroDuration: 8, infoSizeWidth: 8 });
    const { seekHead: ownHead, firstClusterAt } = indexOfHead(own);
    const ownLength = ownHead!.length;
    const { out, f } = finishedFile(own, [firstClusterAt + 100]);
    expect(f.cues).toHaveLength(3);
    const seen = inspect(out);
    expect(seen.seeks.map((s) => s.finds)).toEqual([ID.Info, ID.Tracks, ID.Cues]);
    expect(seen.duration).toBe(4000);
    expect(seen.cues.map((c) => c.cluster)).toEqual([0, 1, 3]);
    // a replaced SeekHead longer than ours leaves a Void; a shorter one grows the file
    expect(growth(f)).toBe(ownLength <= SEEKHEAD_SIZE ? SEEKHEAD_SIZE - ownLength : ownLength === SEEKHEAD_SIZE + 1 ? 1 : 0);
    expect(out.length).toBe(own.length + growth(f) + seen.cuesSize);
  });

  it('overwrites a Duration of 0 where it is, as a float of its own width, with or without Cues', () => {
    for (const width of [4, 8] as const) {
      const zero = testWebm({ clusters, withSeekHead: 'empty', zeroDuration: width });
      const { out, f } = finishedFile(zero, [300]);
      expect(inspect(out).duration).toBe(4000);
      expect(growth(f)).toBe(SEEKHEAD_SIZE - 12);
      // cut short inside an element of a part already uploaded: no Cues, the muxer's SeekHead stays, the Duration is written
      const truncated = zero.subarray(0, zero.length - 100);
      const plain = finishedFile(truncated, [truncated.length - 50]);
      expect(plain.f.cues).toBeNull();
      expect(plain.out.length).toBe(truncated.length);
      expect(inspect(plain.out.subarray(0, plain.f.index.firstClusterAt)).duration).toBe(4000);
    }
  });

  it('leaves a file with no clusters its bytes, and what is not WebM', () => {
    const headerOnly = testWebm({ clusters: [] });
    expect(finishedFile(headerOnly, []).f.cues).toBeNull();
    const mp4 = new Uint8Array([0, 0, 0, 0x18, 0x66, 0x74, 0x79, 0x70]);
    const f = planFinishing(indexOfHead(mp4), false, 1000, { total: mp4.length, firstPart: mp4.length, lastPart: mp4.length });
    expect(finishFirstPart(mp4, f)).toBe(mp4);
    expect(finishLastPart(mp4, f)).toBe(mp4);
  });

  it('gives part 1 alone its Duration when the take has no index (begun by an older page)', () => {
    const head = file.subarray(0, 150);
    const f = planFinishing(indexOfHead(head), false, 10_250, { total: file.length, firstPart: head.length, lastPart: 0 });
    const out = finishFirstPart(head, f);
    expect(out.length).toBe(head.length + 18);
    expect(inspect(out.subarray(0, headerEnd + 18)).duration).toBe(10_250);
    expect(out.subarray(headerEnd + 18)).toEqual(head.subarray(headerEnd));
    expect([...out.subarray(headerEnd + 18, headerEnd + 22)]).toEqual(idBytes(ID.Cluster));
  });
});
