import { ID, UNKNOWN_SIZE, readId, readSize, readUint, readVint, vintWidth } from './ebml';

/**
 * Follows a WebM file as MediaRecorder hands it out, one chunk at a time, and notes what the
 * finished file needs for seeking: where the header elements are and, per cluster, where it starts
 * and when its first keyframe plays. Media bytes are skipped, never kept: besides the cue list
 * (one point per cluster with a keyframe) the state is a few numbers and at most one element
 * header. It is plain data, stored with every chunk (in the same transaction) so a reloaded page
 * can finish the file.
 */

/** One seek point: the cluster at `cluster` (bytes from the Segment's data start) holds a keyframe of `track` at `time` (timecode units). */
export interface CuePoint {
  time: number;
  track: number;
  cluster: number;
}

interface Open {
  id: number;
  /** Offset just past the element, or UNKNOWN_SIZE. */
  end: number;
}

export interface WebmIndex {
  /** Bytes seen so far. */
  pos: number;
  /** Bytes of an element header (and the few value bytes wanted from it) split across chunks. */
  pending: number[];
  /** Skipping the body of an element until this offset. */
  skipTo: number;
  /** Where the element being skipped began. */
  skipping: number;
  open: Open[];
  /** Why the file cannot be indexed (nothing more is read), or null. */
  broken: string | null;
  segmentData: number;
  info: {
    at: number;
    headerLength: number;
    size: number;
    hasDuration: boolean;
    timecodeScale: number;
    /** A Duration of 0 (a muxer that writes it at the end, as Firefox's does when it can seek back): where its float is and how wide. */
    emptyDuration?: { at: number; size: number } | null;
  } | null;
  tracksAt: number;
  tracks: { number: number; type: number }[];
  firstClusterAt: number;
  /** The muxer's own SeekHead before the first Cluster (Firefox writes an empty one): finishing puts ours in its place. */
  seekHead?: { at: number; length: number } | null;
  /** The file already has Cues, or a SeekHead among its clusters: leave it as it is. */
  indexed: boolean;
  cluster: { at: number; timecode: number; cued: boolean } | null;
  /**
   * Seek points so far, in file order, as (time, cluster) pairs for the cue track: the one thing
   * that grows with the take. A typed array because the record is copied on every chunk
   * (IndexedDB's structured clone copies it as one block), with room to grow.
   */
  cues: Float64Array;
  cueCount: number;
  /** Where the block of the last seek point ends: a take cut inside it loses that point. */
  lastCueEnd: number;
  /** Per track, its latest block's time and the gap before it (timecode units): where the media ends. */
  ends?: { track: number; time: number; gap: number; first?: number }[];
}

export function newWebmIndex(): WebmIndex {
  return {
    pos: 0, pending: [], skipTo: 0, skipping: 0, open: [], broken: null, segmentData: -1, info: null, tracksAt: -1, tracks: [],
    firstClusterAt: -1, seekHead: null, indexed: false, cluster: null, cues: new Float64Array(64), cueCount: 0, lastCueEnd: 0,
  };
}

/** Elements whose appearance ends an unknown-size Cluster: its siblings at Segment level. */
const SEGMENT_CHILDREN = new Set<number>([ID.SeekHead, ID.Info, ID.Tracks, ID.Cluster, ID.Cues, 0x1043a770, 0x1254c367, 0x1941a469]);
const VIDEO = 1;
const AUDIO = 2;

/** Body bytes read before skipping the rest: the few values the index needs. */
function wanted(parent: number | undefined, id: number, size: number): number {
  const uint = () => {
    if (size > 8) throw new Error(`a ${size}-byte integer`);
    return size;
  };
  if (parent === ID.Cluster && id === ID.SimpleBlock) return Math.min(size, 8 + 3); // track vint, timecode, flags
  if (parent === ID.Cluster && id === ID.Timecode) return uint();
  if (parent === ID.Info && id === ID.TimecodeScale) return uint();
  if (parent === ID.Info && id === ID.Duration) return size === 4 || size === 8 ? size : 0;
  if (parent === ID.TrackEntry && (id === ID.TrackNumber || id === ID.TrackType)) return uint();
  return 0;
}

function isMaster(parent: number | undefined, id: number): boolean {
  if (parent === undefined) return id === ID.Segment;
  if (parent === ID.Segment) return id === ID.Info || id === ID.Tracks || id === ID.Cluster;
  return parent === ID.Tracks && id === ID.TrackEntry;
}

/** The track seek points are for: the video track, else the audio one, else the first. */
export function cueTrack(index: WebmIndex): number {
  const t = index.tracks.find((x) => x.type === VIDEO) ?? index.tracks.find((x) => x.type === AUDIO) ?? index.tracks[0];
  return t?.number ?? 0;
}

/** Reads one more chunk into the index (changing it); returns the seek points found in it. */
export function indexChunk(index: WebmIndex, chunk: Uint8Array): CuePoint[] {
  const found = index.cueCount;
  let i = 0;
  try {
    while (i < chunk.length && !index.broken) {
      if (index.pos < index.skipTo) {
        const n = Math.min(index.skipTo - index.pos, chunk.length - i);
        i += n;
        index.pos += n;
        continue;
      }
      const took = readElement(index, chunk, i);
      if (took < 0) {
        // the header continues in the next chunk
        index.pos += chunk.length - i;
        for (; i < chunk.length; i++) index.pending.push(chunk[i]!);
        break;
      }
      i += took;
    }
  } catch (e) {
    index.broken = e instanceof Error ? e.message : String(e);
  }
  if (index.broken) index.pending = [];
  return cuePoints(index, found, index.cueCount);
}

/** The longest header plus the most value bytes ever wanted. */
const LOOKAHEAD = 4 + 8 + 8 + 3;

/**
 * Reads the element that starts in `pending` and goes on at `chunk[i]`. Returns how many chunk
 * bytes it used, or -1 when its header (or the value bytes wanted) is not all there yet.
 */
function readElement(index: WebmIndex, chunk: Uint8Array, i: number): number {
  const held = index.pending.length;
  const head = index.pending.concat(Array.from(chunk.subarray(i, i + LOOKAHEAD - held)));
  const start = index.pos - held;
  const idWidth = vintWidth(head[0]!);
  if (idWidth === 0 || idWidth > 4) throw new Error(`not EBML at byte ${start}`);
  if (head.length < idWidth + 1) return -1;
  const sizeWidth = vintWidth(head[idWidth]!);
  if (sizeWidth === 0) throw new Error(`bad size at byte ${start}`);
  const headerLength = idWidth + sizeWidth;
  if (head.length < headerLength) return -1;
  const id = readId(head, 0).value;
  const size = readSize(head, idWidth).value;
  if (size === UNKNOWN_SIZE && id !== ID.Segment && id !== ID.Cluster) throw new Error(`unknown-size element ${id.toString(16)}`);

  closeFinished(index, start, id);
  const parent = index.open[index.open.length - 1]?.id;
  const want = size === UNKNOWN_SIZE ? 0 : wanted(parent, id, size);
  if (head.length < headerLength + want) return -1;
  const value = (at: number, n: number) => readUint(head, headerLength + at, n);
  const dataStart = start + headerLength;

  if (parent === undefined && id === ID.Segment) {
    if (index.segmentData >= 0) throw new Error('a second Segment');
    index.segmentData = dataStart;
  } else if (parent === ID.Segment) {
    if (id === ID.Info) index.info = { at: start, headerLength, size, hasDuration: false, timecodeScale: 1_000_000 };
    if (id === ID.Tracks) index.tracksAt = start;
    if (id === ID.SeekHead && index.firstClusterAt < 0 && !index.seekHead) index.seekHead = { at: start, length: headerLength + size };
    else if (id === ID.SeekHead || id === ID.Cues) index.indexed = true;
    if (id === ID.Cluster) {
      if (index.firstClusterAt < 0) index.firstClusterAt = start;
      index.cluster = { at: start, timecode: 0, cued: false };
    }
  } else if (parent === ID.Info && index.info) {
    if (id === ID.Duration) {
      index.info.hasDuration = true;
      if (want > 0 && readFloat(head, headerLength, want) === 0) index.info.emptyDuration = { at: dataStart, size: want };
    }
    if (id === ID.TimecodeScale && size > 0) index.info.timecodeScale = value(0, size);
  } else if (parent === ID.Tracks && id === ID.TrackEntry) {
    index.tracks.push({ number: 0, type: 0 });
  } else if (parent === ID.TrackEntry) {
    const track = index.tracks[index.tracks.length - 1]!;
    if (id === ID.TrackNumber) track.number = value(0, size);
    if (id === ID.TrackType) track.type = value(0, size);
  } else if (parent === ID.Cluster && index.cluster && id === ID.SimpleBlock) {
    const block = head.slice(headerLength, headerLength + want);
    noteBlockEnd(index, block);
    const cue = index.cluster.cued ? null : keyframeCue(index, block);
    if (cue) {
      addCue(index, cue);
      index.cluster.cued = true;
      index.lastCueEnd = dataStart + size;
    }
  } else if (parent === ID.Cluster && index.cluster && id === ID.Timecode) {
    index.cluster.timecode = value(0, size);
  }

  const master = isMaster(parent, id);
  if (master) index.open.push({ id, end: size === UNKNOWN_SIZE ? UNKNOWN_SIZE : dataStart + size });
  else [index.skipping, index.skipTo] = [start, dataStart + size];
  const used = master ? headerLength : headerLength + want;
  index.pending = [];
  index.pos = start + used;
  return used - held;
}

function readFloat(bytes: number[], at: number, size: number): number {
  const view = new DataView(Uint8Array.from(bytes.slice(at, at + size)).buffer);
  return size === 4 ? view.getFloat32(0) : view.getFloat64(0);
}

/** A SimpleBlock's track and time (timecode units), or null if its header is cut short. */
function blockTime(index: WebmIndex, block: number[]): { track: number; time: number } | null {
  const trackWidth = vintWidth(block[0] ?? 0);
  if (trackWidth === 0 || block.length < trackWidth + 3) return null;
  const relative = readUint(block, trackWidth, 2);
  return { track: readVint(block, 0).value, time: index.cluster!.timecode + (relative >= 0x8000 ? relative - 0x10000 : relative) };
}

function noteBlockEnd(index: WebmIndex, block: number[]): void {
  const b = blockTime(index, block);
  if (!b) return;
  const ends = (index.ends ??= []);
  const e = ends.find((x) => x.track === b.track);
  if (!e) ends.push({ track: b.track, time: b.time, gap: 0, first: b.time });
  else if (b.time >= e.time) [e.gap, e.time] = [b.time - e.time, b.time];
}

/** The time of the audio track's first block, ms from the file's time 0, once seen. */
export function firstAudioBlockMs(index: WebmIndex): number | null {
  const audio = index.tracks.find((t) => t.type === AUDIO);
  const e = audio && index.ends?.find((x) => x.track === audio.number);
  if (!index.info || e?.first === undefined) return null;
  return (e.first * index.info.timecodeScale) / 1_000_000;
}

/**
 * Where the recorded media ends, ms: the latest block of any track plus that track's last gap (one
 * frame or packet). The page's own clock from start() to the recorder's stop event runs long by the
 * stop's latency, 0.4 s in Firefox and more on a busy machine; the blocks do not. Null before any.
 */
export function mediaEndMs(index: WebmIndex): number | null {
  if (!index.info || !index.ends?.length) return null;
  const end = Math.max(...index.ends.map((e) => e.time + e.gap));
  return (end * index.info.timecodeScale) / 1_000_000;
}

/** A seek point for this cluster when the SimpleBlock starting with `block` is a keyframe of the cue track. */
function keyframeCue(index: WebmIndex, block: number[]): CuePoint | null {
  const cluster = index.cluster!;
  const trackWidth = vintWidth(block[0] ?? 0);
  if (trackWidth === 0 || block.length < trackWidth + 3) return null;
  const track = readVint(block, 0).value;
  const keyframe = (block[trackWidth + 2]! & 0x80) !== 0;
  if (!keyframe || track !== cueTrack(index)) return null;
  const relative = readUint(block, trackWidth, 2);
  const time = cluster.timecode + (relative >= 0x8000 ? relative - 0x10000 : relative);
  return { time: Math.max(0, time), track, cluster: cluster.at - index.segmentData };
}

/** Pops the elements that ended before `start`; an unknown-size Cluster ends where a sibling begins. */
function closeFinished(index: WebmIndex, start: number, nextId: number): void {
  for (;;) {
    const top = index.open[index.open.length - 1];
    if (!top) return;
    const ended = top.end === UNKNOWN_SIZE ? top.id === ID.Cluster && SEGMENT_CHILDREN.has(nextId) : start >= top.end;
    if (!ended) return;
    index.open.pop();
    if (top.id === ID.Cluster) index.cluster = null;
  }
}

/**
 * Where the last whole element of the bytes so far ends: a take cut short (the page died between
 * two of MediaRecorder's slices, which may split an element) can be trimmed there and have
 * something appended. Null when that would leave a known-size element short, or the file is not
 * understood.
 */
export function completeUpTo(index: WebmIndex): number | null {
  if (index.broken) return null;
  const cut = index.pending.length > 0 ? index.pos - index.pending.length : index.pos < index.skipTo ? index.skipping : index.pos;
  return index.open.every((o) => o.end === UNKNOWN_SIZE || o.end <= cut) ? cut : null;
}

/** The bytes so far end exactly between elements. */
export function endsCleanly(index: WebmIndex): boolean {
  return completeUpTo(index) === index.pos;
}

function addCue(index: WebmIndex, cue: CuePoint): void {
  if (index.cues.length < 2 * (index.cueCount + 1)) {
    const grown = new Float64Array(index.cues.length * 2);
    grown.set(index.cues);
    index.cues = grown;
  }
  index.cues.set([cue.time, cue.cluster], 2 * index.cueCount++);
}

function cuePoints(index: WebmIndex, from: number, to: number): CuePoint[] {
  const track = cueTrack(index);
  const out: CuePoint[] = [];
  for (let i = from; i < to; i++) out.push({ time: index.cues[2 * i]!, track, cluster: index.cues[2 * i + 1]! });
  return out;
}

export function allCues(index: WebmIndex): CuePoint[] {
  return cuePoints(index, 0, index.cueCount);
}

/** The seek points whose keyframe lies wholly before `end`. */
export function cuesBefore(index: WebmIndex, end: number): CuePoint[] {
  return cuePoints(index, 0, index.lastCueEnd > end ? index.cueCount - 1 : index.cueCount);
}
