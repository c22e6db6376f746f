import { audioOnlyWebm, type AudioBlock } from './audio-only-webm';
import { ID, UNKNOWN_SIZE, element, readId, readSize, readUint, readVint, vintWidth } from './ebml';

/**
 * Follows a camera file (WebM as MediaRecorder hands it out, chunks split anywhere) and keeps its
 * audio: the header a decoder needs and the audio track's blocks of the last `keepMs`, so a later
 * stretch of the recording's sound can be decoded, not only its first seconds, without keeping
 * the video (megabytes a second), whose blocks are skipped unread.
 *
 * Placing the decoded sound: `audioFile` rebases the blocks so the first is at 0 and keeps the
 * track's CodecDelay and OpusHead. The decoder then drops the pre-skip from the file's first block
 * as it does at the start of any recording, so sample 0 of its output is `firstBlockMs` on the
 * file's own clock: the clock on which a decode of the whole file has its sample 0 at the first
 * audio block's time (webm-index firstAudioBlockMs). Sample i is at firstBlockMs + i / rate.
 * Measured with ffmpeg, both its own Opus decoder and libopus (camera-audio.ffmpeg.test.ts): 8 s
 * of blocks decode to 400 × 960 − 312 samples (the 312-sample, 6.5 ms pre-skip is dropped from the
 * extract's first block), and after the warm-up the extract's samples are the whole file's shifted
 * by exactly firstBlockMs for a Firefox recording (0 samples off). A file muxed by ffmpeg is 1 ms
 * (48 samples) off: its muxer stamps blocks in whole ms, rounding 0.5 ms up, so block times are
 * only as exact as the recorder wrote them. The first SeekPreRoll (80 ms) decodes from a cold
 * decoder and is only roughly the recorded sound: ask for a stretch starting that much before
 * what must be heard.
 *
 * A Block from a BlockGroup is written as a SimpleBlock with its flags as they were (its
 * DiscardPadding, which only trims a recording's very end, is dropped).
 */

export interface CameraAudioOptions {
  /** How much of the latest audio is kept, ms (older blocks are dropped). */
  keepMs?: number;
}

/** The audio track as its TrackEntry describes it. */
export interface AudioTrack {
  number: number;
  codecId: string;
  /** For Opus, the OpusHead. */
  codecPrivate: Uint8Array | null;
  /** Matroska's CodecDelay and SeekPreRoll, ns (0 when not written). */
  codecDelayNs: number;
  seekPreRollNs: number;
  /** As written (Firefox writes its input rate, 44100, for Opus, which decodes at 48000). */
  samplingFrequency: number | null;
  channels: number | null;
}

export interface AudioExtract {
  /** An audio-only WebM of the blocks asked for, the first at time 0. */
  file: Uint8Array;
  /** The first block's time on the recording's clock, ms: where sample 0 of the decoded file lies. */
  firstBlockMs: number;
  /** The last block's time, ms. */
  lastBlockMs: number;
  blocks: number;
}

interface KeptBlock extends AudioBlock {
  ms: number;
}

type Phase =
  | { kind: 'header' }
  | { kind: 'skip'; left: number }
  | { kind: 'keep'; id: number; into: Uint8Array; filled: number }
  /** A block's first bytes, its track number, read before deciding to keep or skip the rest. */
  | { kind: 'peek'; id: number; size: number; got: number[] };

const DEFAULT_KEEP_MS = 12_000;
/** Elements whose appearance ends an unknown-size Cluster: its siblings at Segment level. */
const SEGMENT_CHILDREN = new Set<number>([ID.SeekHead, ID.Info, ID.Tracks, ID.Cluster, ID.Cues, 0x1043a770, 0x1254c367, 0x1941a469]);
/** The most kept of each header element: they are small; anything far larger is not a camera file. */
const LIMIT = new Map<number, number>([
  [ID.EBML, 4096],
  [ID.Info, 64 * 1024],
  [ID.Tracks, 1024 * 1024],
  [ID.Timecode, 8],
]);
/** An Opus packet is at most a few KB; a megabyte is no audio block of ours. */
const MAX_AUDIO_BLOCK = 1024 * 1024;
const AUDIO = 2;

export class CameraAudio {
  readonly keepMs: number;
  private why: string | null = null;
  private pos = 0;
  private head: number[] = [];
  private phase: Phase = { kind: 'header' };
  private readonly open: { id: number; end: number }[] = [];
  private ebmlHeader: Uint8Array | null = null;
  private segmentSeen = false;
  private timecodeScale = 1_000_000;
  private entry: Uint8Array | null = null;
  private audio: AudioTrack | null = null;
  private clusterTimecode: number | null = null;
  private readonly blocks: KeptBlock[] = [];
  private keptBytes = 0;
  private newestMs = -Infinity;

  constructor(options: CameraAudioOptions = {}) {
    this.keepMs = options.keepMs ?? DEFAULT_KEEP_MS;
  }

  /** Why the file cannot be followed (nothing more is read; what was kept before stays usable), or null. */
  get broken(): string | null {
    return this.why;
  }

  /** The audio track, once the Tracks have been read. */
  get track(): AudioTrack | null {
    return this.audio;
  }

  /** What is held: the blocks' count, their bytes, and the first and last block's time (ms); null before any. */
  get kept(): { blocks: number; bytes: number; fromMs: number; toMs: number } | null {
    const first = this.blocks[0];
    const last = this.blocks[this.blocks.length - 1];
    if (!first || !last) return null;
    return { blocks: this.blocks.length, bytes: this.keptBytes, fromMs: first.ms, toMs: last.ms };
  }

  /** The next chunk of the file, as recorded. Never throws: a file it cannot follow sets `broken`. */
  see(chunk: Uint8Array | ArrayBuffer): void {
    if (this.why) return;
    const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
    try {
      this.read(bytes);
    } catch (e) {
      this.why = e instanceof Error ? e.message : String(e);
    }
    if (this.why) this.head = [];
  }

  /** An audio-only file of the kept blocks whose time lies in [fromMs, toMs), or null if none is kept there. */
  audioFile(fromMs: number, toMs: number): AudioExtract | null {
    if (!this.ebmlHeader || !this.entry) return null;
    const picked = this.blocks.filter((b) => b.ms >= fromMs && b.ms < toMs);
    const first = picked[0];
    const last = picked[picked.length - 1];
    if (!first || !last) return null;
    const file = audioOnlyWebm({ ebmlHeader: this.ebmlHeader, timecodeScale: this.timecodeScale, trackEntry: this.entry, blocks: picked });
    return { file, firstBlockMs: first.ms, lastBlockMs: last.ms, blocks: picked.length };
  }

  private read(bytes: Uint8Array): void {
    let i = 0;
    while (i < bytes.length && !this.why) {
      const p = this.phase;
      if (p.kind === 'skip') {
        const n = Math.min(p.left, bytes.length - i);
        p.left -= n;
        i += n;
        this.pos += n;
        if (p.left === 0) this.phase = { kind: 'header' };
      } else if (p.kind === 'keep') {
        const n = Math.min(p.into.length - p.filled, bytes.length - i);
        p.into.set(bytes.subarray(i, i + n), p.filled);
        p.filled += n;
        i += n;
        this.pos += n;
        if (p.filled === p.into.length) {
          this.phase = { kind: 'header' };
          this.took(p.id, p.into);
        }
      } else if (p.kind === 'peek') {
        p.got.push(bytes[i++]!);
        this.pos++;
        const width = vintWidth(p.got[0]!);
        if (width === 0) throw new Error(`a block with no track number at byte ${this.pos - 1}`);
        if (p.got.length === width) this.peeked(p);
      } else {
        // Headers are read a byte at a time: they are a few bytes, and may be split anywhere.
        this.head.push(bytes[i++]!);
        this.pos++;
        this.header();
      }
    }
  }

  private header(): void {
    const h = this.head;
    const start = this.pos - h.length;
    const idWidth = vintWidth(h[0]!);
    if (idWidth === 0 || idWidth > 4) throw new Error(start === 0 ? 'not a WebM file: no EBML header' : `not EBML at byte ${start}`);
    if (h.length <= idWidth) return;
    const sizeWidth = vintWidth(h[idWidth]!);
    if (sizeWidth === 0) throw new Error(`a bad size at byte ${start}`);
    if (h.length < idWidth + sizeWidth) return;
    this.head = [];
    this.element(readId(h, 0).value, readSize(h, idWidth).value, start);
  }

  private element(id: number, size: number, start: number): void {
    this.closeFinished(start, id);
    const top = this.open[this.open.length - 1];
    const parent = top?.id;
    const dataStart = this.pos;
    if (start === 0 && id !== ID.EBML) throw new Error('not a WebM file: no EBML header');
    const mayBeUnknown = (parent === undefined && id === ID.Segment) || (parent === ID.Segment && id === ID.Cluster);
    if (size === UNKNOWN_SIZE && !mayBeUnknown) throw new Error(`element ${hex(id)} of unknown size at byte ${start}`);
    if (top && top.end !== UNKNOWN_SIZE && (size === UNKNOWN_SIZE || dataStart + size > top.end)) {
      throw new Error(`element ${hex(id)} at byte ${start} runs past its parent`);
    }
    const end = size === UNKNOWN_SIZE ? UNKNOWN_SIZE : dataStart + size;

    if (parent === undefined) {
      if (id === ID.EBML && this.ebmlHeader) throw new Error('a second EBML header: two files in one');
      if (id === ID.EBML) return this.keep(id, size);
      if (id === ID.Segment) {
        if (this.segmentSeen) throw new Error('a second Segment');
        this.segmentSeen = true;
        this.open.push({ id, end });
        return;
      }
    } else if (parent === ID.Segment) {
      if (id === ID.Info || (id === ID.Tracks && !this.audio)) return this.keep(id, size);
      if (id === ID.Cluster) {
        if (!this.audio) throw new Error('a Cluster before the Tracks');
        this.clusterTimecode = null;
        this.open.push({ id, end });
        return;
      }
    } else if (parent === ID.Cluster) {
      if (id === ID.Timecode) return this.keep(id, size);
      if (id === ID.SimpleBlock) return this.peek(id, size);
      if (id === ID.BlockGroup) {
        this.open.push({ id, end });
        return;
      }
    } else if (parent === ID.BlockGroup && id === ID.Block) {
      return this.peek(id, size);
    }
    this.skip(size);
  }

  /** Pops the elements that ended before `start`; an unknown-size Cluster ends where a sibling begins. */
  private closeFinished(start: number, nextId: number): void {
    for (;;) {
      const top = this.open[this.open.length - 1];
      if (!top) return;
      const ended = top.end === UNKNOWN_SIZE ? top.id === ID.Cluster && SEGMENT_CHILDREN.has(nextId) : start >= top.end;
      if (!ended) return;
      this.open.pop();
      if (top.id === ID.Cluster) this.clusterTimecode = null;
    }
  }

  private skip(size: number): void {
    if (size > 0) this.phase = { kind: 'skip', left: size };
  }

  private keep(id: number, size: number): void {
    const limit = LIMIT.get(id) ?? MAX_AUDIO_BLOCK;
    if (size > limit) throw new Error(`a ${size}-byte ${hex(id)} element, more than the ${limit} bytes expected`);
    if (size === 0) this.took(id, new Uint8Array(0));
    else this.phase = { kind: 'keep', id, into: new Uint8Array(size), filled: 0 };
  }

  private peek(id: number, size: number): void {
    if (size < 4) throw new Error(`a ${size}-byte block`);
    this.phase = { kind: 'peek', id, size, got: [] };
  }

  private peeked(p: Extract<Phase, { kind: 'peek' }>): void {
    const rest = p.size - p.got.length;
    if (readVint(p.got, 0).value !== this.audio?.number) {
      this.phase = { kind: 'skip', left: rest };
      return;
    }
    if (p.size > MAX_AUDIO_BLOCK) throw new Error(`a ${p.size}-byte audio block`);
    const into = new Uint8Array(p.size);
    into.set(p.got);
    this.phase = { kind: 'keep', id: p.id, into, filled: p.got.length };
  }

  private took(id: number, body: Uint8Array): void {
    if (id === ID.EBML) this.ebmlHeader = Uint8Array.from(element(ID.EBML, Array.from(body)));
    else if (id === ID.Info) this.timecodeScale = timecodeScaleOf(body);
    else if (id === ID.Tracks) [this.audio, this.entry] = audioTrackOf(body);
    else if (id === ID.Timecode) this.clusterTimecode = readUint(body, 0, body.length);
    else this.block(body);
  }

  private block(body: Uint8Array): void {
    if (this.clusterTimecode === null) throw new Error('a block before its Cluster’s Timecode');
    const relative = readUint(body, vintWidth(body[0]!), 2);
    const ticks = this.clusterTimecode + (relative >= 0x8000 ? relative - 0x10000 : relative);
    const ms = (ticks * this.timecodeScale) / 1_000_000;
    this.blocks.push({ ticks, ms, body });
    this.keptBytes += body.length;
    this.newestMs = Math.max(this.newestMs, ms);
    while (this.blocks[0] && this.blocks[0].ms < this.newestMs - this.keepMs) this.keptBytes -= this.blocks.shift()!.body.length;
  }
}

interface Child {
  id: number;
  at: number;
  dataAt: number;
  size: number;
  end: number;
}

/** The children of an element kept whole, all of known size and inside it. */
function children(bytes: Uint8Array, from = 0, to = bytes.length): Child[] {
  const out: Child[] = [];
  for (let at = from; at < to; ) {
    const id = readId(bytes, at);
    const size = readSize(bytes, at + id.width);
    const dataAt = at + id.width + size.width;
    if (size.value === UNKNOWN_SIZE || dataAt + size.value > to) throw new Error(`element ${hex(id.value)} runs past its parent`);
    out.push({ id: id.value, at, dataAt, size: size.value, end: dataAt + size.value });
    at = dataAt + size.value;
  }
  return out;
}

function timecodeScaleOf(info: Uint8Array): number {
  const c = children(info).find((x) => x.id === ID.TimecodeScale);
  const scale = c ? readUint(info, c.dataAt, c.size) : 1_000_000;
  if (!(scale > 0)) throw new Error('a TimecodeScale of 0');
  return scale;
}

/** The first audio TrackEntry, read and as its bytes, from the Tracks' body. */
function audioTrackOf(tracks: Uint8Array): [AudioTrack, Uint8Array] {
  for (const e of children(tracks)) {
    if (e.id !== ID.TrackEntry) continue;
    const fields = children(tracks, e.dataAt, e.end);
    const field = (id: number) => fields.find((f) => f.id === id);
    const uint = (id: number) => ((f) => (f ? readUint(tracks, f.dataAt, f.size) : null))(field(id));
    if (uint(ID.TrackType) !== AUDIO) continue;
    const number = uint(ID.TrackNumber);
    const codec = field(ID.CodecID);
    if (!number) throw new Error('an audio track with no number');
    const priv = field(ID.CodecPrivate);
    const audio = field(ID.Audio);
    const settings = audio ? children(tracks, audio.dataAt, audio.end) : [];
    const rate = settings.find((s) => s.id === ID.SamplingFrequency);
    const channels = settings.find((s) => s.id === ID.Channels);
    const track: AudioTrack = {
      number,
      codecId: codec ? new TextDecoder().decode(tracks.subarray(codec.dataAt, codec.end)).replace(/\0+$/, '') : '',
      codecPrivate: priv ? tracks.slice(priv.dataAt, priv.end) : null,
      codecDelayNs: uint(ID.CodecDelay) ?? 0,
      seekPreRollNs: uint(ID.SeekPreRoll) ?? 0,
      samplingFrequency: rate ? readFloat(tracks, rate) : null,
      channels: channels ? readUint(tracks, channels.dataAt, channels.size) : null,
    };
    return [track, tracks.slice(e.at, e.end)];
  }
  throw new Error('no audio track in the Tracks');
}

function readFloat(bytes: Uint8Array, f: Child): number | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset + f.dataAt, f.size);
  return f.size === 4 ? view.getFloat32(0) : f.size === 8 ? view.getFloat64(0) : null;
}

function hex(id: number): string {
  return `0x${id.toString(16)}`;
}
