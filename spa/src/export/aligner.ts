import { blockAlign, wavHeader, type WavFormat } from '../recording/wav';
import { readWavLayout } from './wav-source';

/**
 * Drift below this is left alone: 5 ppm is 18 ms over an hour, under one video frame, and
 * smaller than what a clock estimate over a short take can tell apart from zero.
 */
export const DRIFT_THRESHOLD_PPM = 5;
const SILENCE_CHUNK = 1 << 16;

export interface AlignOptions {
  /** ms from the take's start to the track's first sample (negative: the track began earlier, its head is cut). */
  offsetMs: number;
  /**
   * The track's sample clock against the server's, in parts per million: +100 means the recorder
   * captured 100 more samples per million than its nominal rate, so its file plays 100 ppm long.
   */
  driftPpm?: number;
  /** The stored object's size, when known: the header may promise more than a crash left. */
  totalBytes?: number | null;
}

export interface AlignPlan {
  format: WavFormat;
  padFrames: number;
  skipFrames: number;
  sourceFrames: number;
  outFrames: number;
  /** 1 + drift: source frames per output frame; exactly 1 when not corrected. */
  ratio: number;
  dataBytes: number;
}

export function planAlignment(format: WavFormat, sourceFrames: number, o: AlignOptions): AlignPlan {
  const pad = Math.round((o.offsetMs * format.sampleRate) / 1000);
  const padFrames = Math.max(0, pad);
  const skipFrames = Math.min(sourceFrames, Math.max(0, -pad));
  const drift = o.driftPpm ?? 0;
  const ratio = Math.abs(drift) >= DRIFT_THRESHOLD_PPM ? 1 + drift / 1e6 : 1;
  const left = sourceFrames - skipFrames;
  const outFrames = left <= 0 ? 0 : ratio === 1 ? left : Math.floor((left - 1) / ratio) + 1;
  let frames = padFrames + outFrames;
  // RIFF chunks are even-sized: an odd byte count gets one more silent frame at the end
  if ((frames * blockAlign(format)) % 2 === 1) frames += 1;
  return { format, padFrames, skipFrames, sourceFrames, outFrames, ratio, dataBytes: frames * blockAlign(format) };
}

/** The stream's chunks; left early (the header said the samples end sooner), it cancels the fetch. */
async function* chunks(source: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = source.getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      if (value.byteLength) yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => {});
    reader.releaseLock();
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.byteLength === 0) return b;
  const out = new Uint8Array(a.byteLength + b.byteLength);
  out.set(a);
  out.set(b, a.byteLength);
  return out;
}

/**
 * The stored WAV re-emitted so it begins at the take's start: a new header, `offsetMs` of
 * silence, then the samples (resampled by linear interpolation when the drift is past
 * {@link DRIFT_THRESHOLD_PPM}). Streams chunk by chunk: memory stays one chunk whatever the length.
 */
export async function* alignWav(source: ReadableStream<Uint8Array>, o: AlignOptions): AsyncGenerator<Uint8Array> {
  const input = chunks(source);
  let head: Uint8Array = new Uint8Array(0);
  let layout = null;
  while (!layout) {
    const next = await input.next();
    if (next.done) throw new Error('the WAV ends inside its header');
    head = concat(head, next.value);
    layout = readWavLayout(head);
  }
  const ba = blockAlign(layout.format);
  const available = o.totalBytes != null ? o.totalBytes - layout.dataAt : Infinity;
  const declared = layout.dataBytes ?? available;
  const sourceFrames = Math.floor(Math.min(declared, available) / ba);
  if (!Number.isFinite(sourceFrames)) throw new Error('the WAV does not say how long it is');
  const plan = planAlignment(layout.format, sourceFrames, o);
  yield wavHeader(layout.format, plan.dataBytes);
  const padBytes = plan.padFrames * ba;
  for (let left = padBytes; left > 0; left -= SILENCE_CHUNK) yield new Uint8Array(Math.min(SILENCE_CHUNK, left));
  const samples = (async function* () {
    if (head.byteLength > layout.dataAt) yield head.subarray(layout.dataAt);
    for (let n = await input.next(); !n.done; n = await input.next()) yield n.value;
  })();
  const body = plan.ratio === 1 ? copyFrames(samples, plan, ba) : resample(samples, plan);
  let written = 0;
  for await (const c of body) {
    written += c.byteLength;
    yield c;
  }
  const tail = plan.dataBytes - padBytes - written;
  if (tail < 0) throw new Error('aligned WAV longer than its header');
  if (tail > 0) yield new Uint8Array(tail);
}

/** Bytes of the frames kept, verbatim: no decoding when nothing is resampled. */
async function* copyFrames(samples: AsyncIterable<Uint8Array>, plan: AlignPlan, ba: number): AsyncGenerator<Uint8Array> {
  let skip = plan.skipFrames * ba;
  let left = plan.outFrames * ba;
  for await (let c of samples) {
    if (skip > 0) {
      const s = Math.min(skip, c.byteLength);
      skip -= s;
      c = c.subarray(s);
    }
    if (left <= 0) break;
    const take = c.subarray(0, Math.min(left, c.byteLength));
    left -= take.byteLength;
    if (take.byteLength) yield take;
  }
}

const read24 = (b: Uint8Array, at: number) => {
  const v = b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16);
  return v & 0x800000 ? v - 0x1000000 : v;
};

/**
 * Output frame k is source frame skip + k·ratio, interpolated between its two neighbours. Frames
 * are held from the lowest one still needed, so a chunk boundary costs one carried frame.
 */
async function* resample(samples: AsyncIterable<Uint8Array>, plan: AlignPlan): AsyncGenerator<Uint8Array> {
  const ch = plan.format.channels;
  const ba = ch * 3;
  let buf: Uint8Array = new Uint8Array(0);
  let bufStart = 0; // global source frame of buf[0]
  let k = 0;
  const emit = (final: boolean): Uint8Array => {
    const frames = Math.floor(buf.byteLength / ba);
    const last = bufStart + frames - 1;
    const out: number[] = [];
    while (k < plan.outFrames) {
      const p = plan.skipFrames + k * plan.ratio;
      const i = Math.floor(p);
      const j = Math.min(i + 1, plan.sourceFrames - 1);
      if (j > last && !final) break;
      const f = p - i;
      const a = (Math.min(i, last) - bufStart) * ba;
      const b = (Math.min(j, last) - bufStart) * ba;
      for (let c = 0; c < ch; c++) {
        const s = Math.round(read24(buf, a + 3 * c) * (1 - f) + read24(buf, b + 3 * c) * f);
        out.push(Math.max(-0x800000, Math.min(0x7fffff, s)));
      }
      k++;
    }
    const bytes = new Uint8Array(out.length * 3);
    for (let n = 0; n < out.length; n++) {
      const v = out[n]!;
      bytes[3 * n] = v & 0xff;
      bytes[3 * n + 1] = (v >> 8) & 0xff;
      bytes[3 * n + 2] = (v >> 16) & 0xff;
    }
    // keep from the first frame the next output still needs
    const need = Math.floor(plan.skipFrames + k * plan.ratio);
    const drop = Math.max(0, Math.min(frames, need - bufStart));
    buf = buf.subarray(drop * ba);
    bufStart += drop;
    return bytes;
  };
  let seen = 0;
  for await (const c of samples) {
    const room = plan.sourceFrames * ba - seen;
    if (room <= 0) break;
    const use = c.subarray(0, Math.min(room, c.byteLength));
    seen += use.byteLength;
    buf = concat(buf, use);
    const out = emit(false);
    if (out.byteLength) yield out;
  }
  const out = emit(true);
  if (out.byteLength) yield out;
}
