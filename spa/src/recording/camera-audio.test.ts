import { describe, expect, it } from 'vitest';
import { CameraAudio } from './camera-audio';
import { ID, element, idBytes, readUint, readVint, sizeField, uintBytes } from './ebml';
import { child, cut, testWebm, uintOf, walk, type TestBlock } from './webm-test-support';

const AUDIO = 1;
const VIDEO = 2;
/** Track 1 audio, track 2 video, as Chrome lists them. */
const TRACKS: [number, number][] = [
  [AUDIO, 2],
  [VIDEO, 1],
];

/** `seconds` of 20 ms audio blocks and 33 ms video frames, one unknown-size cluster a second. */
function recording(seconds: number, videoBytes = 300): Uint8Array {
  const clusters = [];
  for (let s = 0; s < seconds; s++) {
    const blocks: TestBlock[] = [];
    for (let t = 0; t < 1000; t += 20) blocks.push({ track: AUDIO, time: t, key: true, bytes: 30 });
    for (let t = 0; t < 1000; t += 33) blocks.push({ track: VIDEO, time: t, key: t === 0, bytes: videoBytes });
    blocks.sort((a, b) => a.time - b.time);
    clusters.push({ timecode: s * 1000, blocks });
  }
  return testWebm({ tracks: TRACKS, clusters });
}

function followed(chunks: Uint8Array[], keepMs = 12_000): CameraAudio {
  const audio = new CameraAudio({ keepMs });
  for (const c of chunks) audio.see(c);
  return audio;
}

/** A written file's blocks: track, absolute time in its own timecodes (cluster + relative), and body. */
function blocksOf(file: Uint8Array): { track: number; time: number; body: Uint8Array }[] {
  const segment = walk(file)[1]!;
  return segment.children!.filter((e) => e.id === ID.Cluster).flatMap((c) => {
    const timecode = uintOf(file, child(c, ID.Timecode));
    return c.children!.filter((b) => b.id === ID.SimpleBlock).map((b) => {
      const track = readVint(file, b.dataAt);
      const relative = readUint(file, b.dataAt + track.width, 2);
      return { track: track.value, time: timecode + (relative >= 0x8000 ? relative - 0x10000 : relative), body: file.slice(b.dataAt, b.end) };
    });
  });
}

/** The audio SimpleBlocks of an input file, whole bodies, with their absolute times. */
function audioBlocksIn(file: Uint8Array): { time: number; body: Uint8Array }[] {
  return blocksOf(file).filter((b) => b.track === AUDIO);
}

describe('CameraAudio', () => {
  describe('following a file in chunks', () => {
    const file = testWebm({
      tracks: TRACKS,
      clusters: [
        { timecode: 0, blocks: [{ track: VIDEO, time: 0, key: true, bytes: 50 }, { track: AUDIO, time: 5, key: true, bytes: 6 }, { track: AUDIO, time: 25, key: true, bytes: 7 }] },
        { timecode: 1000, blocks: [{ track: AUDIO, time: -3, key: true, bytes: 5 }, { track: VIDEO, time: 0, key: false, bytes: 60 }, { track: AUDIO, time: 17, key: true, bytes: 8 }] },
      ],
    });
    const whole = followed([file]).audioFile(-Infinity, Infinity)!;

    it('keeps each audio block with its time, the cluster’s timecode plus its own (negative too)', () => {
      expect(whole).toMatchObject({ firstBlockMs: 5, lastBlockMs: 1017, blocks: 4 });
      // rebased: the first block at 0
      expect(blocksOf(whole.file).map((b) => b.time)).toEqual([0, 20, 992, 1012]);
      // the bodies as recorded, but for their relative times
      expect(blocksOf(whole.file).map((b) => b.body)).toEqual(audioBlocksIn(file).map((b, i) => withTime(b.body, [0, 20, 992, 1012][i]!)));
    });

    it('makes the same file from chunks cut at every byte offset', () => {
      for (let at = 1; at < file.length; at++) {
        const audio = followed(cut(file, [at]));
        expect(audio.broken, `cut at ${at}`).toBeNull();
        expect(audio.audioFile(-Infinity, Infinity)!.file, `cut at ${at}`).toEqual(whole.file);
      }
    });

    it('makes the same file from one byte at a time, and from three-way cuts', () => {
      expect(followed(cut(file, Array.from(file, (_, i) => i))).audioFile(-Infinity, Infinity)!.file).toEqual(whole.file);
      for (let a = 1; a < file.length; a += 7) {
        for (let b = a + 1; b < file.length; b += 13) expect(followed(cut(file, [a, b])).audioFile(-Infinity, Infinity)!.file).toEqual(whole.file);
      }
    });

    it('reads known-size clusters, Firefox’s empty SeekHead and Duration of 0, and audio listed second', () => {
      const firefoxLike = testWebm({
        tracks: [[1, 1], [2, 2]],
        knownSizeClusters: true,
        withSeekHead: 'empty',
        zeroDuration: 8,
        infoSizeWidth: 8,
        clusters: [
          { timecode: 0, blocks: [{ track: 1, time: 0, key: true }, { track: 2, time: 6, key: false, bytes: 9 }] },
          { timecode: 500, blocks: [{ track: 2, time: 6, key: false, bytes: 9 }, { track: 1, time: 10, key: false }] },
        ],
      });
      const audio = followed(cut(firefoxLike, [3, 40, 41, 100]));
      expect(audio.broken).toBeNull();
      expect(audio.track?.number).toBe(2);
      const extract = audio.audioFile(0, 1000)!;
      expect(extract).toMatchObject({ firstBlockMs: 6, lastBlockMs: 506, blocks: 2 });
      expect(blocksOf(extract.file).map((b) => [b.track, b.time])).toEqual([[2, 0], [2, 500]]);
    });

    it('keeps an audio Block from a BlockGroup, written as a SimpleBlock', () => {
      const group = element(ID.BlockGroup, [...element(ID.Block, [0x81, 0, 40, 0, 7, 7, 7]), ...element(0x9b /* BlockDuration */, [20])]);
      const file = withClusterTail(recording(1), group);
      const audio = followed(cut(file, [file.length - 5, file.length - 3]));
      expect(audio.broken).toBeNull();
      const last = blocksOf(audio.audioFile(1000, 2000)!.file);
      expect(last.map((b) => [b.track, b.time, Array.from(b.body.subarray(3))])).toEqual([[AUDIO, 0, [0, 7, 7, 7]]]);
    });

    it('reads the TimecodeScale: blocks of a 0.5 ms scale are half as far apart in ms', () => {
      const file = recording(2);
      const scale = indexOf(file, [0x2a, 0xd7, 0xb1, 0x83, ...uintBytes(1_000_000)]);
      file.set(uintBytes(500_000, 3), scale + 4);
      const audio = followed([file]);
      expect(audio.kept).toMatchObject({ fromMs: 0, toMs: 990, blocks: 100 });
      // and the file written keeps that scale, with the first block at 0
      const written = audio.audioFile(500, 600)!;
      expect(written.firstBlockMs).toBe(500);
      expect(uintOf(written.file, child(child(walk(written.file)[1], ID.Info), ID.TimecodeScale))).toBe(500_000);
      expect(blocksOf(written.file).map((b) => b.time)).toEqual([0, 20, 40, 60, 80, 100, 120, 140, 160, 180]);
    });
  });

  describe('memory', () => {
    it('keeps only the last keepMs of audio: older blocks are dropped as newer ones come', () => {
      const file = recording(60);
      const audio = new CameraAudio({ keepMs: 12_000 });
      const most = { blocks: 0, bytes: 0 };
      for (const c of cut(file, Array.from({ length: 400 }, (_, i) => (i * file.length) / 400))) {
        audio.see(c);
        most.blocks = Math.max(most.blocks, audio.kept?.blocks ?? 0);
        most.bytes = Math.max(most.bytes, audio.kept?.bytes ?? 0);
      }
      expect(audio.kept).toMatchObject({ fromMs: 59_980 - 12_000, toMs: 59_980, blocks: 601 });
      expect(most.blocks).toBe(601);
      // each kept block is its 4-byte header and 30 bytes of Opus, nothing of the video
      expect(most.bytes).toBe(601 * 34);
      expect(audio.audioFile(0, 40_000)).toBeNull();
      expect(audio.audioFile(0, 50_000)).toMatchObject({ firstBlockMs: 47_980, lastBlockMs: 49_980 });
    });

    it('never keeps a video block: a 4 MB frame goes by in 64 KB chunks and nothing of it is held', () => {
      const header = recording(1);
      const frame = new Uint8Array(4 * 1024 * 1024).fill(0xee);
      frame.set([0x80 | VIDEO, 0, 10, 0x80]);
      const cluster = [...idBytes(ID.Cluster), 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...element(ID.Timecode, uintBytes(1000))];
      const after = new Uint8Array([...cluster, ...idBytes(ID.SimpleBlock), ...sizeField(frame.length, 4)]);
      const audioAfter = Uint8Array.from(element(ID.SimpleBlock, [0x81, 0, 20, 0x80, 1, 2, 3]));
      const audio = new CameraAudio();
      audio.see(header);
      audio.see(after);
      for (let at = 0; at < frame.length; at += 64 * 1024) audio.see(frame.subarray(at, at + 64 * 1024));
      audio.see(audioAfter);
      expect(audio.broken).toBeNull();
      expect(audio.kept).toMatchObject({ blocks: 51, bytes: 50 * 34 + 7, toMs: 1020 });
      const written = audio.audioFile(0, Infinity)!.file;
      expect(written.length).toBeLessThan(4000);
      expect(written.includes(0xee)).toBe(false);
      expect(blocksOf(written).every((b) => b.track === AUDIO)).toBe(true);
    });
  });

  describe('the audio-only file', () => {
    const file = recording(14);
    const audio = followed([file], 20_000);

    it('is an ordinary WebM: known sizes, Info with a Duration, and only the audio TrackEntry, as recorded', () => {
      const written = audio.audioFile(1000, 13_000)!;
      const [ebml, segment, ...rest] = walk(written.file);
      expect(rest).toEqual([]);
      expect(ebml!.id).toBe(ID.EBML);
      expect(written.file.subarray(ebml!.at, ebml!.end)).toEqual(file.subarray(0, ebml!.end));
      expect(segment!.id).toBe(ID.Segment);
      expect(segment!.end).toBe(written.file.length);
      const top = segment!.children!;
      expect(top.every((e) => e.size >= 0)).toBe(true);
      expect(top.map((e) => e.id).slice(0, 2)).toEqual([ID.Info, ID.Tracks]);
      const duration = child(top[0], ID.Duration)!;
      expect(new DataView(written.file.buffer, duration.dataAt, 8).getFloat64(0)).toBe(12_000);
      const entries = top[1]!.children!;
      expect(entries).toHaveLength(1);
      const original = walk(file)[1]!.children!.find((e) => e.id === ID.Tracks)!.children![0]!;
      expect(written.file.subarray(entries[0]!.at, entries[0]!.end)).toEqual(file.subarray(original.at, original.end));
    });

    it('holds the blocks of [fromMs, toMs), in clusters of at most 5 s whose relative times fit', () => {
      const written = audio.audioFile(1000, 13_000)!;
      expect(written).toMatchObject({ firstBlockMs: 1000, lastBlockMs: 12_980, blocks: 600 });
      const clusters = walk(written.file)[1]!.children!.filter((e) => e.id === ID.Cluster);
      expect(clusters.length).toBe(3);
      expect(clusters.map((c) => uintOf(written.file, child(c, ID.Timecode)))).toEqual([0, 5020, 10_040]);
      expect(blocksOf(written.file).map((b) => b.time)).toEqual(Array.from({ length: 600 }, (_, i) => i * 20));
    });

    it('is null where nothing is kept, and includes a block at fromMs but not one at toMs', () => {
      expect(audio.audioFile(14_000, 20_000)).toBeNull();
      expect(audio.audioFile(1001, 1019)).toBeNull();
      expect(audio.audioFile(1000, 1020)).toMatchObject({ firstBlockMs: 1000, lastBlockMs: 1000, blocks: 1 });
      expect(new CameraAudio().audioFile(0, Infinity)).toBeNull();
    });
  });

  describe('a file it cannot follow', () => {
    const reason = (chunks: Uint8Array[]) => {
      const audio = new CameraAudio();
      for (const c of chunks) expect(() => audio.see(c)).not.toThrow();
      return audio.broken;
    };

    it('says it is not WebM when it does not begin with an EBML header', () => {
      expect(reason([new TextEncoder().encode('RIFF....WAVEfmt ')])).toMatch(/not a WebM file/);
      expect(reason([new Uint8Array([0, 0, 0, 0])])).toMatch(/not a WebM file/);
      expect(reason([Uint8Array.from(element(ID.Segment, []))])).toMatch(/not a WebM file/);
    });

    it('says so when there is no audio track', () => {
      expect(reason([testWebm({ tracks: [[1, 1]], clusters: [{ timecode: 0, blocks: [{ track: 1, time: 0, key: true }] }] })])).toBe('no audio track in the Tracks');
    });

    it('says where the bytes stop being EBML, and keeps what came before', () => {
      const file = recording(3);
      const second = indexOf(file, [...idBytes(ID.Cluster), 0x01, 0xff], indexOf(file, idBytes(ID.Cluster)) + 1);
      const broken = file.slice();
      broken[second] = 0x00;
      const audio = followed(cut(broken, [second - 1, second + 1]));
      expect(audio.broken).toBe(`not EBML at byte ${second}`);
      expect(audio.kept).toMatchObject({ blocks: 50, toMs: 980 });
      audio.see(file.subarray(second));
      expect(audio.kept?.blocks).toBe(50);
      expect(audio.audioFile(0, Infinity)?.blocks).toBe(50);
    });

    it('says so for a Cluster before the Tracks, an Info of unknown size, an element past its parent, a block before its cluster’s timecode', () => {
      const ebml = element(ID.EBML, element(0x4282, [...new TextEncoder().encode('webm')]));
      const segment = [...idBytes(ID.Segment), 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
      const tracks = element(ID.Tracks, element(ID.TrackEntry, [...element(ID.TrackNumber, [1]), ...element(ID.TrackType, [2])]));
      const bytes = (...parts: number[][]) => [Uint8Array.from(parts.flat())];
      expect(reason(bytes(ebml, segment, element(ID.Cluster, element(ID.Timecode, [0]))))).toBe('a Cluster before the Tracks');
      expect(reason(bytes(ebml, segment, [...idBytes(ID.Info), 0xff]))).toMatch(/unknown size/);
      expect(reason(bytes(ebml, segment, tracks, [...idBytes(ID.Cluster), 0x83, ...element(ID.Timecode, [0, 0])]))).toMatch(/runs past its parent/);
      expect(reason(bytes(ebml, segment, tracks, element(ID.Cluster, element(ID.SimpleBlock, [0x81, 0, 0, 0x80, 1]))))).toBe('a block before its Cluster’s Timecode');
    });
  });
});

/** A block body with its relative time set. */
function withTime(body: Uint8Array, time: number): Uint8Array {
  const out = body.slice();
  out.set([(time >> 8) & 0xff, time & 0xff], 1);
  return out;
}

function indexOf(bytes: Uint8Array, pattern: number[], from = 0): number {
  for (let i = from; i + pattern.length <= bytes.length; i++) if (pattern.every((b, j) => bytes[i + j] === b)) return i;
  throw new Error('pattern not found');
}

/** A file with one more unknown-size cluster at 1000 ms holding `tail`. */
function withClusterTail(file: Uint8Array, tail: number[]): Uint8Array {
  const cluster = [...idBytes(ID.Cluster), 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...element(ID.Timecode, uintBytes(1000)), ...tail];
  return Uint8Array.from([...file, ...cluster]);
}
