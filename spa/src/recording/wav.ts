/**
 * The lossless track's file: WAV, 24-bit integer PCM (WAVE_FORMAT_EXTENSIBLE, as ffmpeg and the
 * DAWs write past 16 bits). WAV rather than FLAC because every editor podcasters use opens it
 * (Premiere, Final Cut and Resolve read no FLAC), it streams with no encoder in the tab, and its
 * only state is two sizes in the header: the header goes out in part 1, which the uploader holds
 * back until Stop, and is written then with the final sizes (or, after a crash, with what was
 * recorded). A JUNK chunk reserves room for RF64's ds64 chunk (EBU Tech 3306), so a take past
 * 4 GiB (about 8 h of mono at 48 kHz) becomes RF64 in place instead of wrapping its sizes.
 */

export const WAV_MIME = 'audio/wav';
export const BITS_PER_SAMPLE = 24;
const BYTES_PER_SAMPLE = BITS_PER_SAMPLE / 8;
/** RIFF (12) + JUNK/ds64 (8 + 28) + fmt (8 + 40) + data's own header (8). */
export const WAV_HEADER_BYTES = 104;
const DS64_AT = 12;
const FMT_AT = 48;
const DATA_AT = 96;
const U32_MAX = 0xffffffff;
// KSDATAFORMAT_SUBTYPE_PCM: 00000001-0000-0010-8000-00aa00389b71, stored little-endian.
const PCM_GUID = [0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xaa, 0x00, 0x38, 0x9b, 0x71];

export interface WavFormat {
  sampleRate: number;
  channels: number;
}

export const blockAlign = (f: WavFormat) => f.channels * BYTES_PER_SAMPLE;

function ascii(v: DataView, at: number, s: string): void {
  for (let i = 0; i < s.length; i++) v.setUint8(at + i, s.charCodeAt(i));
}

function u64(v: DataView, at: number, n: number): void {
  v.setUint32(at, n % 2 ** 32, true);
  v.setUint32(at + 4, Math.floor(n / 2 ** 32), true);
}

/**
 * The header for `dataBytes` of samples (0 while recording: the placeholder part 1 starts with).
 * `dataBytes` must be whole sample frames and even, which {@link PcmEncoder} guarantees. `rf64`
 * is for tests: readers must take a small RF64 file too.
 */
export function wavHeader(f: WavFormat, dataBytes: number, rf64 = WAV_HEADER_BYTES - 8 + dataBytes > U32_MAX): Uint8Array {
  const out = new Uint8Array(WAV_HEADER_BYTES);
  const v = new DataView(out.buffer);
  const riffBytes = WAV_HEADER_BYTES - 8 + dataBytes;
  ascii(v, 0, rf64 ? 'RF64' : 'RIFF');
  v.setUint32(4, rf64 ? U32_MAX : riffBytes, true);
  ascii(v, 8, 'WAVE');
  ascii(v, DS64_AT, rf64 ? 'ds64' : 'JUNK');
  v.setUint32(DS64_AT + 4, 28, true);
  if (rf64) {
    u64(v, DS64_AT + 8, riffBytes);
    u64(v, DS64_AT + 16, dataBytes);
    u64(v, DS64_AT + 24, dataBytes / blockAlign(f));
    // table length stays 0
  }
  ascii(v, FMT_AT, 'fmt ');
  v.setUint32(FMT_AT + 4, 40, true);
  v.setUint16(FMT_AT + 8, 0xfffe, true);
  v.setUint16(FMT_AT + 10, f.channels, true);
  v.setUint32(FMT_AT + 12, f.sampleRate, true);
  v.setUint32(FMT_AT + 16, f.sampleRate * blockAlign(f), true);
  v.setUint16(FMT_AT + 20, blockAlign(f), true);
  v.setUint16(FMT_AT + 22, BITS_PER_SAMPLE, true);
  v.setUint16(FMT_AT + 24, 22, true);
  v.setUint16(FMT_AT + 26, BITS_PER_SAMPLE, true);
  v.setUint32(FMT_AT + 28, f.channels === 1 ? 0x4 : f.channels === 2 ? 0x3 : 0, true);
  out.set(PCM_GUID, FMT_AT + 32);
  ascii(v, DATA_AT, 'data');
  v.setUint32(DATA_AT + 4, rf64 ? U32_MAX : dataBytes, true);
  return out;
}

/** The format a WAV header of ours declares, or null for anything else. */
export function readWavFormat(head: Uint8Array): WavFormat | null {
  if (head.byteLength < WAV_HEADER_BYTES) return null;
  const v = new DataView(head.buffer, head.byteOffset, WAV_HEADER_BYTES);
  const tag = String.fromCharCode(...head.subarray(FMT_AT, FMT_AT + 4));
  if (tag !== 'fmt ' || v.getUint16(FMT_AT + 22, true) !== BITS_PER_SAMPLE) return null;
  return { channels: v.getUint16(FMT_AT + 10, true), sampleRate: v.getUint32(FMT_AT + 12, true) };
}

/**
 * Whole, even-sized sample data in `totalBytes` of file: a take cut short by a crash may in
 * principle end inside a frame, and the header must not promise bytes that are not there.
 */
export function wholeDataBytes(f: WavFormat, totalBytes: number): number {
  const frame = blockAlign(f);
  const frames = Math.floor(Math.max(0, totalBytes - WAV_HEADER_BYTES) / frame);
  return (frames - (frames * frame) % 2) * frame;
}

/** Part 1 with its header rewritten for a file of `totalBytes` (header included). */
export function finishWavHead(part1: Uint8Array, totalBytes: number): Uint8Array {
  const f = readWavFormat(part1);
  if (!f) return part1;
  const out = new Uint8Array(part1);
  out.set(wavHeader(f, wholeDataBytes(f, totalBytes)));
  return out;
}

/**
 * Turns captured Float32 blocks (one array per channel) into interleaved 24-bit little-endian
 * samples. Chunks always hold an even number of frames, so the data stays even-sized (RIFF pads
 * odd chunks) and every chunk boundary is a frame boundary; an odd frame waits for the next block.
 */
export class PcmEncoder {
  private held: Float32Array[] | null = null;
  framesWritten = 0;

  constructor(readonly format: WavFormat) {}

  encode(channels: readonly Float32Array[]): Uint8Array {
    let input = channels;
    if (this.held) {
      input = channels.map((c, i) => concat(this.held![i]!, c));
      this.held = null;
    }
    const frames = input[0]?.length ?? 0;
    const even = frames - (frames % 2);
    if (even < frames) this.held = input.map((c) => c.slice(even));
    this.framesWritten += even;
    return interleave24(input, even);
  }

  /** What is held back at the end: padded with one silent frame to keep the data even. */
  flush(): Uint8Array {
    if (!this.held) return new Uint8Array(0);
    const last = this.held.map((c) => concat(c, new Float32Array(1)));
    this.held = null;
    this.framesWritten += 2;
    return interleave24(last, 2);
  }
}

function concat(a: Float32Array, b: Float32Array): Float32Array {
  const out = new Float32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

function interleave24(channels: readonly Float32Array[], frames: number): Uint8Array {
  const n = channels.length;
  const out = new Uint8Array(frames * n * BYTES_PER_SAMPLE);
  let at = 0;
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < n; c++) {
      const s = Math.max(-1, Math.min(1, channels[c]![i]!));
      const v = Math.round(s < 0 ? s * 0x800000 : s * 0x7fffff);
      out[at++] = v & 0xff;
      out[at++] = (v >> 8) & 0xff;
      out[at++] = (v >> 16) & 0xff;
    }
  }
  return out;
}
