/// <reference types="node" />
import { PcmEncoder, wavHeader, type WavFormat } from '../recording/wav';

/** A stored WAV as the recorder writes it: header with the final sizes, then 24-bit frames. */
export function wavFile(f: WavFormat, channels: Float32Array[]): Uint8Array {
  const enc = new PcmEncoder(f);
  const body = [enc.encode(channels), enc.flush()];
  const bytes = body.reduce((n, b) => n + b.byteLength, 0);
  return concat([wavHeader(f, bytes), ...body]);
}

export function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

/** `bytes` as a stream of chunks of `size` (odd sizes split frames, as the network does). */
export function streamOf(bytes: Uint8Array, size = 4099): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(c) {
      if (at >= bytes.byteLength) return c.close();
      c.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

export async function collect(it: AsyncIterable<Uint8Array> | ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  if (it instanceof ReadableStream) {
    const r = it.getReader();
    for (let n = await r.read(); !n.done; n = await r.read()) parts.push(n.value);
  } else for await (const c of it) parts.push(c);
  return concat(parts);
}

export const read24 = (b: Uint8Array, at: number) => {
  const v = b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
  return v & 0x800000 ? v - 0x1000000 : v;
};
