import { CameraAudio } from './camera-audio';
import { REFERENCE_SECONDS, type Fill, type ReferenceSound } from '../sync/audio-reference';
import { BINS_PER_SECOND, MAX_LAG_MS, envelope, matchLag, mixToMono, type MatchResult } from '../sync/sound-match';

/** How long past a window's end the camera waits for the lossless track's stretch of it. */
const REFERENCE_WAIT_MS = 10_000;

/** How long the decoder may take over one stretch of the camera's audio. */
const DECODE_LIMIT_MS = 5000;

/**
 * Decoded from before where a stretch may lie, so the match's whole window is real sound: a
 * decoder started inside the file rebuilds its state over Opus's pre-roll (80 ms), and a margin.
 */
const DECODE_BEFORE_MS = MAX_LAG_MS + 120;
const DECODE_AFTER_MS = MAX_LAG_MS + 50;

/** Decodes a file's audio to one channel at `rate` (the page: Web Audio's decoder; tests: a fake). */
export type AudioDecode = (file: ArrayBuffer, rate: number) => Promise<Float32Array | null>;

/** The lossless track's stretches, window by window (AudioReference.stretch). */
export type Stretches = (window: number) => Promise<ReferenceSound | null>;

/** Where the file's time 0 is (page clock), or null and why not; and the match, when one was tried. */
export interface SoundPlacement {
  local: number | null;
  why?: string;
  match?: MatchResult;
  /** The lossless track's stretch it was matched against: where it begins (ms into that track) and how long it is. */
  stretch?: { fromMs: number; ms: number };
}

/**
 * Where a camera file's time 0 sits on the page's clock, from its sound: the file's audio is
 * followed as it is recorded (CameraAudio keeps its blocks of the last seconds, never the video),
 * and each window's stretch of the lossless track (the reference) is looked for in it, decoded
 * around where it should lie, until one matches: a person quiet for the take's first seconds is
 * placed by what they said after. The file's audio begins `leadMs` after its time 0 (audio-lead.ts).
 */
export class CameraSound {
  private readonly audio = new CameraAudio();
  private ended = false;
  private waiting: { toMs: number; resolve: () => void }[] = [];

  constructor(private readonly decode: AudioDecode = decodeWithWebAudio) {}

  /** A chunk as recorded. */
  see(bytes: ArrayBuffer): void {
    if (this.ended) return;
    this.audio.see(bytes);
    const upTo = this.audio.broken ? Infinity : (this.audio.kept?.toMs ?? -Infinity);
    this.waiting = this.waiting.filter((w) => (w.toMs <= upTo ? (w.resolve(), false) : true));
  }

  /** The recording stopped: what is kept is all there is. */
  stopped(): void {
    this.ended = true;
    for (const w of this.waiting) w.resolve();
    this.waiting = [];
  }

  /** The page-clock instant of the file's time 0, placed by the reference's sound, or why it cannot be. */
  async timeZero(stretches: Stretches, leadMs: Promise<number | null>): Promise<SoundPlacement> {
    try {
      return await this.firstMatch(stretches, leadMs);
    } finally {
      // Placed or not, the rest of the file is no longer followed.
      this.stopped();
    }
  }

  private async firstMatch(stretches: Stretches, leadMs: Promise<number | null>): Promise<SoundPlacement> {
    let last: SoundPlacement = { local: null, why: 'no lossless sound to match' };
    // Window after window until one matches or the lossless track has no more (it stopped).
    for (let k = 0; ; k++) {
      // A camera stopped before its lossless track (its own failure) has no sound past what it
      // kept: its stop must not wait for the lossless track's later windows.
      if (this.ended && k * REFERENCE_SECONDS * 1000 > (this.audio.kept?.toMs ?? -Infinity)) return last;
      // A lossless track that never began (or hangs) must not keep the camera from being placed.
      const [ref, lead] = await Promise.all([within(stretches(k), REFERENCE_SECONDS * 1000 + REFERENCE_WAIT_MS), leadMs]);
      if (!ref) return last;
      if (lead === null) return { local: null, why: 'no audio block in the file' };
      if (ref.samples.length === 0) continue;
      const placed = await this.placeBy(ref, lead);
      if (placed.local !== null || placed.why?.startsWith('its audio')) return placed;
      last = placed;
    }
  }

  /** Matches one stretch of the lossless track in the camera's audio around where it should lie. */
  private async placeBy(ref: ReferenceSound, lead: number): Promise<SoundPlacement> {
    // As far into the camera's audio as into the lossless track, less the silence the track put in
    // before the stretch for input both lost; on the file's clock, after its audio's lead.
    const expectedMs = ref.fromMs - ref.filledBeforeMs + lead;
    const lengthMs = (ref.samples.length / ref.rate) * 1000;
    await this.keptTo(expectedMs + lengthMs + DECODE_AFTER_MS);
    if (this.audio.broken) return { local: null, why: `its audio cannot be followed: ${this.audio.broken}` };
    const extract = this.audio.audioFile(expectedMs - DECODE_BEFORE_MS, expectedMs + lengthMs + DECODE_AFTER_MS);
    if (!extract) return { local: null, why: 'no audio kept where the stretch lies' };
    let audio: Float32Array | null;
    try {
      // A decoder that never answers must not keep the recording from finishing.
      const stuck = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer')), DECODE_LIMIT_MS));
      audio = await Promise.race([this.decode(extract.file.buffer as ArrayBuffer, ref.rate), stuck]);
    } catch (e) {
      return { local: null, why: `its audio does not decode: ${e instanceof Error ? e.message : String(e)}` };
    }
    if (!audio) return { local: null, why: 'its audio does not decode: no audio decoder' };
    // The decoded audio's sample 0 is the extract's first block on the file's clock.
    const skipBins = Math.max(0, Math.round(((expectedMs - extract.firstBlockMs) * BINS_PER_SECOND) / 1000));
    const skipMs = (skipBins * 1000) / BINS_PER_SECOND;
    const match = matchLag(envelope(ref.samples, ref.rate), envelope(audio, ref.rate).subarray(skipBins));
    const from = ref.fromMs > 0 ? `; the lossless track's stretch from ${Math.round(ref.fromMs)} ms, after ${Math.round(ref.filledBeforeMs)} ms filled` : '';
    if (!match.lag) return { local: null, why: `the sounds do not match (best score ${round(match.score)}, next ${round(match.runnerUp)}${from})`, match };
    // A sound `t` into the camera's audio is `t + lag` into the lossless track: the audio's first
    // sample is at ref.firstLocal + lag, and the file's time 0 `lead` before it. Where the stretch
    // came after lost input, the file lacks what was filled before it: its time 0 is that much
    // earlier, and its sounds from each loss on lie the loss earlier than the track's (the
    // manifest's fills say where, so the file is placed in pieces: export/timeline.ts).
    const lagMs = match.lag.lagMs + ref.fromMs - skipMs - (extract.firstBlockMs - lead);
    const lost = lostBeforeStretch(lagMs - lead, ref.fillsBefore);
    return { local: ref.firstLocal + lagMs - lead - lost, match: { ...match, lag: { lagMs } }, stretch: { fromMs: ref.fromMs, ms: lengthMs } };
  }

  /** Until the camera's audio is kept up to `ms` on its file's clock, or the recording stopped. */
  private keptTo(ms: number): Promise<void> {
    if (this.ended || this.audio.broken || (this.audio.kept?.toMs ?? -Infinity) >= ms) return Promise.resolve();
    return new Promise((resolve) => this.waiting.push({ toMs: ms, resolve }));
  }
}

/** The promise's value, or null if it has not settled within `ms`. */
async function within<T>(p: Promise<T | null>, ms: number): Promise<T | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([p, new Promise<null>((r) => (timer = setTimeout(() => r(null), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const round = (x: number, places = 3) => (Number.isFinite(x) ? Math.round(x * 10 ** places) / 10 ** places : x);

/** What the end-to-end tests read of a placement by sound (TrackStart.soundMatch). */
export function soundMatchSummary(p: SoundPlacement): { lagMs: number | null; score: number; runnerUp: number; why?: string; stretchFromMs?: number; stretchMs?: number } {
  const m = p.match;
  const from = p.stretch ? { stretchFromMs: Math.round(p.stretch.fromMs), stretchMs: Math.round(p.stretch.ms) } : {};
  return { lagMs: m?.lag ? round(m.lag.lagMs, 1) : null, score: round(m?.score ?? NaN), runnerUp: round(m?.runnerUp ?? NaN), ...(p.why ? { why: p.why } : {}), ...from };
}

/**
 * Web Audio's decoder (FFmpeg's in Chromium): the audio-only extract's sound from its first block
 * on, at `rate`, mixed to one channel.
 */
async function decodeWithWebAudio(file: ArrayBuffer, rate: number): Promise<Float32Array | null> {
  if (typeof OfflineAudioContext === 'undefined') return null;
  const ctx = new OfflineAudioContext(1, 1, rate);
  const buffer = await ctx.decodeAudioData(file);
  return mixToMono(Array.from({ length: buffer.numberOfChannels }, (_, ch) => buffer.getChannelData(ch)));
}

/**
 * What of the silence filled before the stretch the camera's recorder lost: the fills that begin
 * after the file's real time 0 (as the manifest's reader places the file in pieces, and the
 * exports). `zeroMs` is where its time 0 would lie on the lossless track's time line had it lost
 * nothing; its real time 0 lies earlier by what it lost, which can leave a fill before it
 * (a Firefox guest whose input was lost from the lossless track's first sample, 79 ms, before
 * the camera began: counted, it placed the camera 78.3 ms early at every beep).
 */
export function lostBeforeStretch(zeroMs: number, fills: readonly Fill[]): number {
  let lost = fills.reduce((sum, f) => sum + f.ms, 0);
  // From all of them (as placed before): each pass lets go of fills that begin before time 0 as now
  // placed; time 0 then moves later, never earlier, until what is counted places it so.
  for (;;) {
    const start = zeroMs - lost;
    const next = fills.reduce((sum, f) => (f.atMs > start ? sum + f.ms : sum), 0);
    if (next === lost) return lost;
    lost = next;
  }
}
