import { REFERENCE_SECONDS, type ReferenceSound } from '../sync/audio-reference';
import { BINS_PER_SECOND, envelope, matchLag, mixToMono, type MatchResult } from '../sync/sound-match';

/** The camera's chunks kept for matching: its first seconds, a little more than the reference's. */
const KEEP_MS = (REFERENCE_SECONDS + 1) * 1000;

/** How long, once the camera's part is kept, it waits for the reference. */
const REFERENCE_WAIT_MS = 10_000;

/** How long the decoder may take over the camera's first seconds. */
const DECODE_LIMIT_MS = 5000;

/** Decodes a file's audio to one channel at `rate` (the page: Web Audio's decoder; tests: a fake). */
export type AudioDecode = (file: ArrayBuffer, rate: number) => Promise<Float32Array | null>;

/** Where the file's time 0 is (page clock), or null and why not; and the match, when one was tried. */
export interface SoundPlacement {
  local: number | null;
  why?: string;
  match?: MatchResult;
  /** Where the lossless track's stretch it was matched against begins (ms into that track). */
  stretchFromMs?: number;
}

/**
 * Where a camera file's time 0 sits on the page's clock, from its sound: the first seconds of the
 * file (header and first clusters, as recorded) are decoded and their sound found in the lossless
 * track's (the reference). The file's audio begins `leadMs` after its time 0 (audio-lead.ts).
 */
export class CameraSound {
  private readonly chunks: ArrayBuffer[] = [];
  private full = false;
  private done: () => void = () => {};
  /** Settles once enough is kept, or the recording stopped. */
  private readonly enough = new Promise<void>((r) => (this.done = r));

  constructor(private readonly decode: AudioDecode = decodeWithWebAudio) {}

  /** A chunk as recorded, handed over `elapsedMs` after the recorder started. */
  see(bytes: ArrayBuffer, elapsedMs: number): void {
    if (this.full) return;
    this.chunks.push(bytes);
    if (elapsedMs >= KEEP_MS) {
      this.full = true;
      this.done();
    }
  }

  /** The recording stopped: what is kept is all there is. */
  stopped(): void {
    this.done();
  }

  /** The page-clock instant of the file's time 0, placed by the reference's sound, or why it cannot be. */
  async timeZero(reference: Promise<ReferenceSound | null>, leadMs: Promise<number | null>): Promise<SoundPlacement> {
    await this.enough;
    // A lossless track that never began (or hangs) must not keep the camera from being placed.
    const late = new Promise<null>((r) => setTimeout(() => r(null), REFERENCE_WAIT_MS));
    const [ref, lead] = await Promise.all([Promise.race([reference, late]), leadMs]);
    if (!ref) return { local: null, why: 'no lossless sound to match' };
    if (lead === null) return { local: null, why: 'no audio block in the file' };
    if (this.chunks.length === 0) return { local: null, why: 'nothing recorded' };
    const file = joined(this.chunks.splice(0));
    let audio: Float32Array | null;
    try {
      // A decoder that never answers must not keep the recording from finishing.
      const stuck = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer')), DECODE_LIMIT_MS));
      audio = await Promise.race([this.decode(file.buffer as ArrayBuffer, ref.rate), stuck]);
    } catch (e) {
      return { local: null, why: `its audio does not decode: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (!audio) return { local: null, why: 'no audio decoder' };
    // The stretch is looked for around where the camera's audio has it: as far into the file as
    // into the lossless track, less the silence the track put in before it for input both lost.
    const skipBins = Math.max(0, Math.round(((ref.fromMs - ref.filledBeforeMs) * BINS_PER_SECOND) / 1000));
    const skipMs = (skipBins * 1000) / BINS_PER_SECOND;
    const match = matchLag(envelope(ref.samples, ref.rate), envelope(audio, ref.rate).subarray(skipBins));
    const from = ref.fromMs > 0 ? `; the lossless track's stretch from ${Math.round(ref.fromMs)} ms, after ${Math.round(ref.filledBeforeMs)} ms filled` : '';
    if (!match.lag) return { local: null, why: `the sounds do not match (best score ${round(match.score)}, next ${round(match.runnerUp)}${from})`, match };
    // A sound `t` into the camera's audio is `t + lag` into the lossless track: the audio's first
    // sample is at ref.firstLocal + lag, and the file's time 0 `lead` before it. Where the stretch
    // came after lost input, that places the file so its sounds from there on meet the track's
    // (the file's first moments, before the loss, lie that much late).
    const lagMs = match.lag.lagMs + ref.fromMs - skipMs;
    return { local: ref.firstLocal + lagMs - lead, match: { ...match, lag: { lagMs } }, stretchFromMs: ref.fromMs };
  }
}

function joined(chunks: ArrayBuffer[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(new Uint8Array(c), at);
    at += c.byteLength;
  }
  return out;
}

const round = (x: number, places = 3) => (Number.isFinite(x) ? Math.round(x * 10 ** places) / 10 ** places : x);

/** What the end-to-end tests read of a placement by sound (TrackStart.soundMatch). */
export function soundMatchSummary(p: SoundPlacement): { lagMs: number | null; score: number; runnerUp: number; why?: string; stretchFromMs?: number } {
  const m = p.match;
  const from = p.stretchFromMs ? { stretchFromMs: Math.round(p.stretchFromMs) } : {};
  return { lagMs: m?.lag ? round(m.lag.lagMs, 1) : null, score: round(m?.score ?? NaN), runnerUp: round(m?.runnerUp ?? NaN), ...(p.why ? { why: p.why } : {}), ...from };
}

/**
 * Web Audio's decoder (FFmpeg's in Chromium): the file's audio from its first block on, at
 * `rate`, mixed to one channel. A file cut after its first clusters decodes as far as it goes.
 */
async function decodeWithWebAudio(file: ArrayBuffer, rate: number): Promise<Float32Array | null> {
  if (typeof OfflineAudioContext === 'undefined') return null;
  const ctx = new OfflineAudioContext(1, 1, rate);
  const buffer = await ctx.decodeAudioData(file);
  return mixToMono(Array.from({ length: buffer.numberOfChannels }, (_, ch) => buffer.getChannelData(ch)));
}
