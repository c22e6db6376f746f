/**
 * Finds how far apart two recordings of the same microphone sit, by their sound: the lossless
 * track and the camera file's (lossy) audio of one person. Both are reduced to a loudness envelope
 * (1 ms bins), which a codec keeps though it changes every sample, and the envelopes are slid
 * over each other; the lag where they agree best is where the same sounds meet.
 */

/** Envelope bins per second: the lag comes out in these steps, refined between them. */
export const BINS_PER_SECOND = 1000;

/** The first `frames` samples of each channel, averaged into one (what the envelopes are taken of). */
export function mixToMono(channels: ArrayLike<number>[], frames = channels[0]?.length ?? 0): Float32Array {
  const mono = new Float32Array(frames);
  for (const ch of channels) for (let i = 0; i < frames; i++) mono[i]! += ch[i]! / channels.length;
  return mono;
}

/** Loudness (RMS) of each millisecond of `samples`, recorded at `rate`. */
export function envelope(samples: Float32Array, rate: number): Float32Array {
  const per = rate / BINS_PER_SECOND;
  const out = new Float32Array(Math.floor(samples.length / per));
  for (let i = 0; i < out.length; i++) {
    const from = Math.round(i * per);
    const to = Math.round((i + 1) * per);
    let sum = 0;
    for (let j = from; j < to; j++) sum += samples[j]! * samples[j]!;
    out[i] = Math.sqrt(sum / Math.max(1, to - from));
  }
  return out;
}

export interface MatchResult {
  /** A sound at probe time t is at reference time t + lagMs (both from each one's first sample); null when it cannot be told. */
  lag: { lagMs: number } | null;
  /** How alike the envelopes are at the best lag (normalised correlation, 1 = the same shape; −Infinity: nothing to compare). */
  score: number;
  /** The best score at any lag more than MIN_SEPARATION_MS away: near `score`, the match is ambiguous. */
  runnerUp: number;
}

/** What a match must have: shapes this alike, and a lag this much better than any other. */
export const MIN_SCORE = 0.6;
export const MIN_MARGIN = 0.15;
const MIN_SEPARATION_MS = 20;
/** Fewer overlapping bins than this say too little. */
const MIN_OVERLAP_BINS = 500;

/**
 * How far apart the two may sit. Chromium's camera file begins with audio from before its
 * recorder's start() (163–183 ms in studio takes, 286 ms for a microphone without processing), and
 * the two recorders may begin apart on a loaded page besides; ±250 ms, held to by a test microphone
 * beeping every 500 ms, left such files placed by start() alone. (Exported for what must be decoded
 * around a stretch for the match to look this far.)
 */
export const MAX_LAG_MS = 600;

/**
 * The lag (within ±maxLagMs) at which the probe's envelope best matches the reference's, or no lag
 * when it cannot be told: silence or a steady tone (nothing to match), or sounds that match
 * equally well at two lags (a beat repeating within the window).
 */
export function matchLag(reference: Float32Array, probe: Float32Array, maxLagMs = MAX_LAG_MS): MatchResult {
  const maxLag = Math.round((maxLagMs * BINS_PER_SECOND) / 1000);
  const scores = new Float64Array(2 * maxLag + 1).fill(-Infinity);
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const s = correlation(reference, probe, lag);
    if (s !== null) scores[lag + maxLag] = s;
  }
  let best = -1;
  for (let k = 0; k < scores.length; k++) if (best < 0 || scores[k]! > scores[best]!) best = k;
  const score = scores[best]!;
  if (!Number.isFinite(score)) return { lag: null, score, runnerUp: score };
  const apart = (MIN_SEPARATION_MS * BINS_PER_SECOND) / 1000;
  let runnerUp = -1;
  for (let k = 0; k < scores.length; k++) if (Math.abs(k - best) > apart && scores[k]! > runnerUp) runnerUp = scores[k]!;
  if (score < MIN_SCORE || score - runnerUp < MIN_MARGIN) return { lag: null, score, runnerUp };
  // Between bins: the peak of the parabola through the best lag and its neighbours.
  let shift = 0;
  const before = scores[best - 1];
  const after = scores[best + 1];
  if (before !== undefined && after !== undefined && Number.isFinite(before) && Number.isFinite(after)) {
    const curve = before - 2 * score + after;
    if (curve < 0) shift = Math.max(-0.5, Math.min(0.5, (0.5 * (before - after)) / curve));
  }
  return { lag: { lagMs: ((best - maxLag + shift) * 1000) / BINS_PER_SECOND }, score, runnerUp };
}

/** Normalised correlation of probe[t] with reference[t + lag] over where both exist; null if either is flat there. */
function correlation(reference: Float32Array, probe: Float32Array, lag: number): number | null {
  const from = Math.max(0, -lag);
  const to = Math.min(probe.length, reference.length - lag);
  const n = to - from;
  if (n < MIN_OVERLAP_BINS) return null;
  let sa = 0;
  let sb = 0;
  for (let t = from; t < to; t++) {
    sa += probe[t]!;
    sb += reference[t + lag]!;
  }
  const ma = sa / n;
  const mb = sb / n;
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let t = from; t < to; t++) {
    const a = probe[t]! - ma;
    const b = reference[t + lag]! - mb;
    ab += a * b;
    aa += a * a;
    bb += b * b;
  }
  // A window of silence (or a steady hum) has no shape to match.
  if (aa <= 1e-12 || bb <= 1e-12) return null;
  return ab / Math.sqrt(aa * bb);
}
