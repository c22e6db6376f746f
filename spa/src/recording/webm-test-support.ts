/**
 * For tests only: writes small WebM files shaped like MediaRecorder's, and reads finished files
 * back with a walk written separately from the code under test.
 */
import { ID, element, idBytes, readId, readSize, readUint, sizeField, uintBytes, UNKNOWN_SIZE } from './ebml';

export interface TestBlock {
  track: number;
  /** Relative to the cluster's timecode. */
  time: number;
  key: boolean;
  bytes?: number;
}

export interface TestFileOptions {
  clusters: { timecode: number; blocks: TestBlock[] }[];
  /** Tracks as [number, type]: type 1 video, 2 audio. Chrome lists audio first at times. */
  tracks?: [number, number][];
  knownSizeClusters?: boolean;
  /** Width of Info's size field (Chrome: 1 byte; some muxers: 8). */
  infoSizeWidth?: number;
  withDuration?: boolean;
  /** A Duration of 0 as Firefox writes it, as a float of this width. */
  zeroDuration?: 4 | 8;
  /** A SeekHead before Info: 'empty' as Firefox writes it (an 8-byte size of 0), or one of this many bytes in all. */
  withSeekHead?: 'empty' | number;
}

export function testWebm(o: TestFileOptions): Uint8Array {
  const ebml = element(ID.EBML, [...element(0x4282, [...new TextEncoder().encode('webm')])]);
  const segment = [...idBytes(ID.Segment), 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  const infoBody = [...element(ID.TimecodeScale, uintBytes(1_000_000)), ...element(0x4d80, [0x78])];
  if (o.withDuration) infoBody.push(...idBytes(ID.Duration), 0x88, 0x40, 0x8f, 0x40, 0, 0, 0, 0, 0); // 1000.0
  if (o.zeroDuration) infoBody.push(...idBytes(ID.Duration), 0x80 | o.zeroDuration, ...new Array<number>(o.zeroDuration).fill(0));
  const info = [...idBytes(ID.Info), ...sizeField(infoBody.length, o.infoSizeWidth ?? 1), ...infoBody];
  const entries = (o.tracks ?? [[1, 2], [2, 1]]).flatMap(([n, t]) =>
    element(ID.TrackEntry, [...element(ID.TrackNumber, [n]), ...element(ID.TrackType, [t]), ...element(0x86, [0x56])]),
  );
  const tracks = element(ID.Tracks, entries);
  const seekHead = o.withSeekHead === 'empty' ? [...idBytes(ID.SeekHead), ...sizeField(0, 8)] : o.withSeekHead ? ownSeekHead(o.withSeekHead) : [];
  const out = [...ebml, ...segment, ...seekHead, ...info, ...tracks];
  let fill = 0;
  for (const c of o.clusters) {
    const body = [...element(ID.Timecode, uintBytes(c.timecode))];
    for (const b of c.blocks) {
      const payload = new Array<number>(b.bytes ?? 40).fill(++fill % 256);
      const rel = b.time < 0 ? b.time + 0x10000 : b.time;
      body.push(...element(ID.SimpleBlock, [0x80 | b.track, rel >> 8, rel & 0xff, b.key ? 0x80 : 0, ...payload]));
    }
    out.push(...idBytes(ID.Cluster), ...(o.knownSizeClusters ? sizeField(body.length, 4) : [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]), ...body);
  }
  return new Uint8Array(out);
}

/** A SeekHead of `length` bytes naming Info (no position: a reader must not need it), padded inside by a Void. */
function ownSeekHead(length: number): number[] {
  const seek = element(ID.Seek, element(ID.SeekID, idBytes(ID.Info)));
  const pad = length - 4 - 8 - seek.length;
  return [...idBytes(ID.SeekHead), ...sizeField(length - 12, 8), ...seek, ID.Void, ...sizeField(pad - 9, 8), ...new Array<number>(pad - 9).fill(0)];
}

/** Splits bytes into chunks at the given cut points. */
export function cut(bytes: Uint8Array, at: number[]): Uint8Array[] {
  const points = [0, ...at.filter((n) => n > 0 && n < bytes.length).sort((a, b) => a - b), bytes.length];
  return points.slice(1).map((end, i) => bytes.slice(points[i], end));
}

export interface Walked {
  id: number;
  at: number;
  dataAt: number;
  /** UNKNOWN_SIZE when the writer did not know. */
  size: number;
  end: number;
  children?: Walked[];
}

const MASTER = new Set<number>([ID.Segment, ID.SeekHead, ID.Seek, ID.Info, ID.Tracks, ID.TrackEntry, ID.Cluster, ID.Cues, ID.CuePoint, ID.CueTrackPositions]);
const TOP = new Set<number>([ID.SeekHead, ID.Info, ID.Tracks, ID.Cluster, ID.Cues, 0x1254c367]);

/** Walks a whole file into a tree; throws when an element runs past its parent or the file. */
export function walk(bytes: Uint8Array, from = 0, to = bytes.length, parent = 0): Walked[] {
  const out: Walked[] = [];
  let at = from;
  while (at < to) {
    const id = readId(bytes, at);
    if (parent === ID.Cluster && TOP.has(id.value)) break; // an unknown-size Cluster ends here
    const size = readSize(bytes, at + id.width);
    const dataAt = at + id.width + size.width;
    const end = size.value === UNKNOWN_SIZE ? to : dataAt + size.value;
    if (end > to) throw new Error(`element ${id.value.toString(16)} at ${at} runs past ${to}`);
    const e: Walked = { id: id.value, at, dataAt, size: size.value, end };
    if (MASTER.has(id.value)) {
      e.children = walk(bytes, dataAt, end, id.value);
      if (size.value === UNKNOWN_SIZE) e.end = e.children[e.children.length - 1]?.end ?? dataAt;
    }
    out.push(e);
    at = e.end;
  }
  return out;
}

export const child = (e: Walked | undefined, id: number) => e?.children?.find((c) => c.id === id);
export const uintOf = (bytes: Uint8Array, e: Walked | undefined) => (e ? readUint(bytes, e.dataAt, e.size) : NaN);

/** What a player sees of a finished file: where its SeekHead leads, its Duration, its Cues resolved to clusters. */
export function inspect(bytes: Uint8Array) {
  const [ebml, segment] = walk(bytes);
  if (ebml?.id !== ID.EBML || segment?.id !== ID.Segment) throw new Error('not a WebM file');
  const top = segment.children!;
  const head = top[0]?.id === ID.SeekHead ? top[0] : undefined;
  const seeks = (head?.children ?? []).map((s) => {
    const at = segment.dataAt + uintOf(bytes, child(s, ID.SeekPosition));
    return { names: uintOf(bytes, child(s, ID.SeekID)), finds: top.find((e) => e.at === at)?.id ?? -1 };
  });
  const d = child(child(segment, ID.Info), ID.Duration);
  const clusters = top.filter((e) => e.id === ID.Cluster);
  const cues = (child(segment, ID.Cues)?.children ?? []).map((p) => {
    const positions = child(p, ID.CueTrackPositions);
    const at = segment.dataAt + uintOf(bytes, child(positions, ID.CueClusterPosition));
    return { time: uintOf(bytes, child(p, ID.CueTime)), track: uintOf(bytes, child(positions, ID.CueTrack)), cluster: clusters.findIndex((c) => c.at === at) };
  });
  return {
    seeks,
    duration: d ? ((v) => (d.size === 4 ? v.getFloat32(0) : v.getFloat64(0)))(new DataView(bytes.buffer, bytes.byteOffset + d.dataAt, d.size)) : null,
    clusters,
    cues,
    hasCues: top.some((e) => e.id === ID.Cues),
    cuesSize: ((c) => (c ? c.end - c.at : 0))(child(segment, ID.Cues)),
  };
}
