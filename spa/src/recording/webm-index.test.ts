import { describe, expect, it } from 'vitest';
import { ID, element, idBytes, uintBytes } from './ebml';
import { allCues, completeUpTo, cueTrack, cuesBefore, endsCleanly, indexChunk, newWebmIndex, type WebmIndex } from './webm-index';
import { cut, testWebm, walk } from './webm-test-support';

// Chrome's order: audio is track 1, video track 2. Cluster 2 starts with a delta frame, its keyframe comes later.
const clusters = [
  { timecode: 0, blocks: [{ track: 1, time: 0, key: true }, { track: 2, time: 3, key: true }, { track: 2, time: 36, key: false }] },
  { timecode: 1000, blocks: [{ track: 2, time: 0, key: false }, { track: 1, time: 5, key: true }, { track: 2, time: 400, key: true }] },
  { timecode: 2000, blocks: [{ track: 1, time: 0, key: true }, { track: 2, time: 10, key: false }] },
  { timecode: 40000, blocks: [{ track: 2, time: -2, key: true, bytes: 300 }, { track: 2, time: 31, key: true }] },
];
const file = testWebm({ clusters });

function indexAll(chunks: Uint8Array[]): WebmIndex {
  const index = newWebmIndex();
  for (const c of chunks) indexChunk(index, c);
  return index;
}

/** Where the walk finds each Cluster, from the Segment's data start. */
function clusterOffsets(bytes: Uint8Array): number[] {
  const [, segment] = walk(bytes);
  return segment!.children!.filter((e) => e.id === ID.Cluster).map((e) => e.at - segment!.dataAt);
}

describe('indexChunk', () => {
  it('finds the header, the tracks and one seek point per cluster with a video keyframe', () => {
    const index = indexAll([file]);
    const offsets = clusterOffsets(file);
    expect(index.broken).toBeNull();
    expect(index.tracks).toEqual([{ number: 1, type: 2 }, { number: 2, type: 1 }]);
    expect(cueTrack(index)).toBe(2);
    expect(index.info).toMatchObject({ headerLength: 5, hasDuration: false, timecodeScale: 1_000_000 });
    expect(index.firstClusterAt).toBe(index.segmentData + offsets[0]!);
    expect(allCues(index)).toEqual([
      { time: 3, track: 2, cluster: offsets[0] },
      { time: 1400, track: 2, cluster: offsets[1] },
      { time: 39998, track: 2, cluster: offsets[3] },
    ]);
    expect(endsCleanly(index)).toBe(true);
  });

  it('gives the same index however the file is cut into chunks, the state stored between chunks', () => {
    const whole = JSON.stringify(indexAll([file]));
    expect(JSON.stringify(indexAll(cut(file, Array.from({ length: file.length }, (_, i) => i))))).toBe(whole);
    for (let at = 1; at < file.length; at++) expect(JSON.stringify(indexAll(cut(file, [at])))).toBe(whole);
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let round = 0; round < 200; round++) {
      const points = Array.from({ length: 1 + Math.floor(random() * 12) }, () => Math.floor(random() * file.length));
      const index = newWebmIndex();
      // IndexedDB hands back a copy of the state for every chunk
      let state = index;
      for (const c of cut(file, points)) {
        state = structuredClone(state);
        indexChunk(state, c);
      }
      expect(JSON.stringify(state)).toBe(whole);
    }
  });

  it('reads known-size clusters the same way', () => {
    const known = testWebm({ clusters, knownSizeClusters: true });
    const index = indexAll(cut(known, [50, 51, 140]));
    expect(allCues(index).map((c) => c.time)).toEqual([3, 1400, 39998]);
    const offsets = clusterOffsets(known);
    expect(allCues(index).map((c) => c.cluster)).toEqual([offsets[0], offsets[1], offsets[3]]);
    expect(endsCleanly(index)).toBe(true);
  });

  it('seeks by the audio track when there is no video', () => {
    const audio = testWebm({ tracks: [[1, 2]], clusters: [{ timecode: 0, blocks: [{ track: 1, time: 0, key: true }] }, { timecode: 5000, blocks: [{ track: 1, time: 20, key: true }] }] });
    expect(allCues(indexAll([audio])).map((c) => [c.time, c.track])).toEqual([[0, 1], [5020, 1]]);
  });

  it('knows when the bytes so far stop in the middle of an element', () => {
    const index = newWebmIndex();
    const [a, b] = cut(file, [file.length - 20]);
    indexChunk(index, a!);
    expect(endsCleanly(index)).toBe(false);
    indexChunk(index, b!);
    expect(endsCleanly(index)).toBe(true);
    const clusterStart = newWebmIndex();
    indexChunk(clusterStart, file.subarray(0, clusterOffsets(file)[0]! + indexAll([file]).segmentData + 3));
    expect(endsCleanly(clusterStart)).toBe(false); // half a Cluster header
  });

  it('knows where the last whole element ends, and which seek points lie before it', () => {
    const [, segment] = walk(file);
    const lastCluster = segment!.children!.filter((e) => e.id === ID.Cluster)[3]!;
    const keyframe = lastCluster.children![1]!; // the Timecode, then a 300-byte keyframe
    for (const [cutAt, expected] of [
      [keyframe.at + 1, keyframe.at], // inside its header
      [keyframe.at + 50, keyframe.at], // inside its body
      [keyframe.end, keyframe.end],
    ]) {
      const index = indexAll(cut(file.subarray(0, cutAt), [keyframe.at - 3]));
      expect(completeUpTo(index)).toBe(expected);
      expect(cuesBefore(index, completeUpTo(index)!).map((c) => c.time)).toEqual(cutAt === keyframe.end ? [3, 1400, 39998] : [3, 1400]);
    }
  });

  it('keeps a few numbers and the cue list, however long the take', () => {
    const index = newWebmIndex();
    indexChunk(index, testWebm({ clusters: [] }));
    const unknown = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
    for (let n = 0; n < 20_000; n++) {
      const cluster = [...idBytes(ID.Cluster), ...unknown, ...element(ID.Timecode, uintBytes(n * 500)), ...element(ID.SimpleBlock, [0x82, 0, 0, 0x80, ...new Array(2000).fill(n % 256)])];
      // slices that split headers and bodies anywhere
      for (const c of cut(new Uint8Array(cluster), [3, 700 + (n % 50)])) indexChunk(index, c);
    }
    expect(index.cueCount).toBe(20_000);
    expect(index.cues.byteLength).toBeLessThanOrEqual(2 * 8 * 2 * 20_000);
    expect(JSON.stringify({ ...index, cues: null }).length).toBeLessThan(600);
    expect(allCues(index)[19_999]).toMatchObject({ time: 19_999 * 500, track: 2 });
  });

  it('notes the muxer’s own SeekHead and a Duration of 0 (Firefox), and gives up on what is not EBML', () => {
    const firefox = indexAll([testWebm({ clusters, withSeekHead: 'empty', zeroDuration: 8, infoSizeWidth: 8 })]);
    expect(firefox.seekHead).toEqual({ at: firefox.segmentData, length: 12 });
    expect(firefox.info).toMatchObject({ hasDuration: true, emptyDuration: { at: firefox.segmentData + 12 + 12 + 7 + 4 + 3, size: 8 } });
    expect(firefox.indexed).toBe(false);
    expect(indexAll([testWebm({ clusters, withDuration: true })]).info!.emptyDuration).toBeUndefined();
    const junk = indexAll([new Uint8Array([0x00, 0x00, 0x01])]);
    expect(junk.broken).toMatch(/not EBML/);
    expect(endsCleanly(junk)).toBe(false);
    expect(indexChunk(junk, file)).toEqual([]);
  });
});
