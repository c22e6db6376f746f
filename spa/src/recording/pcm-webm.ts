import { ID, UNKNOWN_SIZE, readId, readSize, readUint } from './ebml';

/**
 * Reads the samples out of what Chromium's MediaRecorder writes for `audio/webm;codecs=pcm`
 * (Matroska `A_PCM/FLOAT/IEEE`: 32-bit little-endian float, interleaved), chunk by chunk as it
 * arrives. The lossless track takes its samples from there rather than from an audio graph: the
 * recorder is fed by the microphone itself, so a late audio render thread (a busy machine) cannot
 * make it drop input, as a MediaStreamAudioSourceNode does. Nothing but the samples is kept.
 */

export const PCM_WEBM = 'audio/webm;codecs=pcm';

const PCM_FLOAT = 'A_PCM/FLOAT/IEEE';
/** Elements whose children are read; all other elements are skipped whole. */
const CONTAINERS = new Set<number>([ID.Segment, ID.Info, ID.Cluster, ID.Tracks, ID.TrackEntry, 0xe1 /* Audio */]);
const CLUSTER_TIMECODE = 0xe7;
const TIMECODE_SCALE = 0x2ad7b1;
const CODEC_ID = 0x86;
const SAMPLING_FREQUENCY = 0xb5;
const CHANNELS = 0x9f;
const BIT_DEPTH = 0x6264;
/** A SimpleBlock of 10 ms of 8-channel float at 192 kHz is 61 KB; anything far larger is not ours. */
const MAX_BLOCK = 1 << 20;

/** A returned block's place on the recorder's time line (`endMs` null until the rate is known). */
export interface BlockTiming {
  jumpMs: number;
  endMs: number | null;
}

export interface PcmWebmFormat {
  sampleRate: number;
  channels: number;
}

export class PcmWebmReader {
  private buf = new Uint8Array(0);
  /** Bytes of a skipped element's body still to come in later chunks. */
  private skip = 0;
  private codec: string | null = null;
  private rate = 0;
  private channels = 0;
  private bitDepth = 32;
  private audioTrack: number | null = null;
  private trackNumber = 0;
  private timecodeScaleNs = 1_000_000;
  private clusterTimecode = 0;
  private endMs: number | null = null;
  private fed: BlockTiming[] = [];

  /**
   * Where the samples read so far end on the recorder's time line (ms from its first sample): the
   * last block's timecode plus its length. Chromium stamps each block with its capture time, so
   * this places samples by when the microphone gave them, not by when the page got round to them.
   */
  get mediaEndMs(): number | null {
    return this.endMs;
  }

  /**
   * For each block the last `feed` returned, in order: where it ends on the recorder's time line,
   * and how far its timecode lies past where the block before it ended (0 for the first).
   */
  get lastFeedTimings(): readonly BlockTiming[] {
    return this.fed;
  }

  /** The stream's format, once its Tracks were read. */
  get format(): PcmWebmFormat | null {
    return this.audioTrack !== null && this.rate > 0 && this.channels > 0 ? { sampleRate: this.rate, channels: this.channels } : null;
  }

  /** Takes the next chunk; returns the samples it completes, one array per channel. */
  feed(chunk: Uint8Array): Float32Array[][] {
    const out: Float32Array[][] = [];
    this.fed = [];
    let data = chunk;
    if (this.skip > 0) {
      const n = Math.min(this.skip, data.length);
      this.skip -= n;
      data = data.subarray(n);
    }
    if (this.buf.length > 0) {
      const joined = new Uint8Array(this.buf.length + data.length);
      joined.set(this.buf);
      joined.set(data, this.buf.length);
      data = joined;
    }
    let at = 0;
    while (at < data.length && this.skip === 0) {
      const header = this.header(data, at);
      if (!header) break;
      const { id, size, bodyAt } = header;
      if (CONTAINERS.has(id)) {
        at = bodyAt;
        continue;
      }
      if (size === UNKNOWN_SIZE) throw new Error(`PCM WebM: element 0x${id.toString(16)} of unknown size`);
      if (id === ID.SimpleBlock) {
        if (size > MAX_BLOCK) throw new Error(`PCM WebM: a ${size}-byte block`);
        if (bodyAt + size > data.length) break;
        const samples = this.block(data.subarray(bodyAt, bodyAt + size));
        if (samples) out.push(samples);
        at = bodyAt + size;
        continue;
      }
      if (this.wanted(id)) {
        if (bodyAt + size > data.length) break;
        this.value(id, data, bodyAt, size);
        at = bodyAt + size;
        continue;
      }
      // Anything else (EBML header, Info, Cues, Void…) is skipped, even across chunks.
      const end = bodyAt + size;
      if (end > data.length) {
        this.skip = end - data.length;
        at = data.length;
      } else at = end;
    }
    this.buf = data.slice(at);
    return out;
  }

  /** The element header at `at`, or null while its bytes are still to come (a bad one throws). */
  private header(data: Uint8Array, at: number): { id: number; size: number; bodyAt: number } | null {
    if (data.length - at < 2) return null;
    // Widths come from each field's first byte, so a header cut by the chunk's end is seen by length.
    const id = readId(data, at);
    if (at + id.width >= data.length) return null;
    const size = readSize(data, at + id.width);
    if (at + id.width + size.width > data.length) return null;
    return { id: id.value, size: size.value, bodyAt: at + id.width + size.width };
  }

  private wanted(id: number): boolean {
    return (
      id === CODEC_ID || id === SAMPLING_FREQUENCY || id === CHANNELS || id === BIT_DEPTH || id === 0xd7 /* TrackNumber */ ||
      id === CLUSTER_TIMECODE || id === TIMECODE_SCALE
    );
  }

  private value(id: number, data: Uint8Array, at: number, size: number): void {
    if (id === 0xd7) this.trackNumber = readUint(data, at, size);
    else if (id === CLUSTER_TIMECODE) this.clusterTimecode = readUint(data, at, size);
    else if (id === TIMECODE_SCALE) this.timecodeScaleNs = readUint(data, at, size);
    else if (id === CODEC_ID) {
      this.codec = new TextDecoder().decode(data.subarray(at, at + size)).replace(/\0+$/, '');
      if (this.codec === PCM_FLOAT) this.audioTrack = this.trackNumber;
    } else if (id === CHANNELS) this.channels = readUint(data, at, size);
    else if (id === BIT_DEPTH) this.bitDepth = readUint(data, at, size);
    else if (id === SAMPLING_FREQUENCY) {
      const view = new DataView(data.buffer, data.byteOffset + at, size);
      this.rate = size === 4 ? view.getFloat32(0) : view.getFloat64(0);
    }
  }

  private block(body: Uint8Array): Float32Array[] | null {
    const track = body[0]! & 0x7f;
    // SimpleBlock: track number (1-byte vint for track < 127), 2-byte timecode, flags, then frames.
    if ((body[0]! & 0x80) === 0) throw new Error('PCM WebM: a block for a track numbered past 126');
    if (this.audioTrack === null || this.codec !== PCM_FLOAT) throw new Error(`PCM WebM: not float PCM (${this.codec ?? 'no codec'})`);
    if (this.bitDepth !== 32) throw new Error(`PCM WebM: ${this.bitDepth}-bit float`);
    if (track !== this.audioTrack) return null;
    if ((body[3]! & 0x06) !== 0) throw new Error('PCM WebM: laced blocks');
    const payload = body.subarray(4);
    const c = this.channels;
    if (payload.length % (4 * c) !== 0) throw new Error(`PCM WebM: a block of ${payload.length} bytes for ${c} channels`);
    const frames = payload.length / (4 * c);
    const view = new DataView(payload.buffer, payload.byteOffset, payload.length);
    const channels = Array.from({ length: c }, () => new Float32Array(frames));
    for (let f = 0; f < frames; f++) for (let ch = 0; ch < c; ch++) channels[ch]![f] = view.getFloat32((f * c + ch) * 4, true);
    // the block's timecode: a signed 16-bit offset from its cluster's
    const relative = new DataView(body.buffer, body.byteOffset + 1, 2).getInt16(0);
    const at = ((this.clusterTimecode + relative) * this.timecodeScaleNs) / 1e6;
    const jump = this.endMs === null ? 0 : at - this.endMs;
    if (this.rate > 0) this.endMs = at + (frames / this.rate) * 1000;
    this.fed.push({ jumpMs: jump, endMs: this.endMs });
    return channels;
  }
}
