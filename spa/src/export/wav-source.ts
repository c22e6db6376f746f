import { BITS_PER_SAMPLE, type WavFormat } from '../recording/wav';

/** Where a stored WAV's samples are: its format, the byte the data starts at, and how many bytes it declares. */
export interface WavLayout {
  format: WavFormat;
  dataAt: number;
  /** Null when the header leaves it open (0xFFFFFFFF without a ds64): read to the end. */
  dataBytes: number | null;
}

const tag = (b: Uint8Array, at: number) => String.fromCharCode(b[at]!, b[at + 1]!, b[at + 2]!, b[at + 3]!);

/**
 * Walks a RIFF/RF64 header's chunks up to `data`. Returns null while `head` is too short to tell,
 * and throws for a file that is not 24-bit PCM WAV (the only kind the recorder writes).
 */
export function readWavLayout(head: Uint8Array): WavLayout | null {
  if (head.byteLength < 12) return null;
  const riff = tag(head, 0);
  if ((riff !== 'RIFF' && riff !== 'RF64') || tag(head, 8) !== 'WAVE') throw new Error('not a WAV file');
  const v = new DataView(head.buffer, head.byteOffset, head.byteLength);
  let at = 12;
  let format: WavFormat | null = null;
  let ds64Data: number | null = null;
  while (at + 8 <= head.byteLength) {
    const id = tag(head, at);
    const size = v.getUint32(at + 4, true);
    const body = at + 8;
    if (id === 'data') {
      if (!format) throw new Error('WAV data before its fmt chunk');
      const declared = size === 0xffffffff ? ds64Data : size;
      return { format, dataAt: body, dataBytes: declared };
    }
    if (body + size > head.byteLength) return null;
    if (id === 'fmt ') {
      const bits = v.getUint16(body + 14, true);
      const code = v.getUint16(body, true);
      if ((code !== 1 && code !== 0xfffe) || bits !== BITS_PER_SAMPLE) throw new Error(`WAV is not ${BITS_PER_SAMPLE}-bit PCM`);
      format = { channels: v.getUint16(body + 2, true), sampleRate: v.getUint32(body + 4, true) };
    } else if (id === 'ds64') {
      ds64Data = v.getUint32(body + 8, true) + v.getUint32(body + 12, true) * 2 ** 32;
    }
    at = body + size + (size % 2);
  }
  return null;
}
