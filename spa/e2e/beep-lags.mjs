// Where each beep of a person's lossless track lies in their camera file, found by the beep's own
// waveform rather than by where its sound first rose above a threshold. The camera file's audio is
// the call's (echo cancellation, noise suppression, gain control applied) and, in Firefox, comes
// through another audio graph than the lossless track's: its first beeps of a take came out at
// 0.4–10 % of the lossless track's level, some under the threshold altogether, one swelling over its
// first 14 ms, and on a loaded machine one beep kept only its first 25 ms (the rest silence, the
// time kept: the next beeps met their twins again). Threshold onsets put the swelling beep 14 ms
// late and lost four others, where the waveforms met at 0.7 ms; the normalised correlation does not
// care how loud the camera's copy is.

const RATE = 48_000;
const ms = (n) => (n / RATE) * 1000;
const frames = (t) => Math.round((t * RATE) / 1000);
/** The stretch of the lossless track compared, from just before a beep's onset past its end (50 ms beeps). */
const BEFORE_MS = 5;
const AFTER_MS = 60;
/** Where a beep's head (its onset) ends and its tail (its end) begins, from the onset. */
const HALF_MS = 25;
/** A copy whose head and tail lie further apart than this lost or silenced a part of itself. */
const WHOLE_WITHIN_MS = 2;
/** How far from where the manifest places it a camera beep is looked for. */
export const SEARCH_MS = 60;
/**
 * Below this the camera's stretch is not that beep (lost, or another sound): the Firefox camera's
 * silence 400 ms from any beep scored 0.21–0.25 (the processing's own noise), its quietest beeps
 * 0.15–0.24 (found at the right lag, but not to be told from that), processed ones 0.43–0.58, clean ones 0.997.
 */
const LEAST_SCORE = 0.4;

/** The lag (frames from `centre`, within ±search) at which `camera` best matches `ref`, with its normalised score. */
function bestMatch(ref, camera, centre, search) {
  const refEnergy = ref.reduce((s, v) => s + v * v, 0);
  let best = { score: -Infinity, at: centre };
  if (refEnergy === 0) return best;
  for (let lag = -search; lag <= search; lag++) {
    const at = centre + lag;
    if (at < 0 || at + ref.length > camera.length) continue;
    let dot = 0;
    let energy = 0;
    for (let i = 0; i < ref.length; i++) {
      const v = camera[at + i];
      dot += ref[i] * v;
      energy += v * v;
    }
    const score = energy === 0 ? 0 : dot / Math.sqrt(refEnergy * energy);
    if (score > best.score) best = { score, at };
  }
  return best;
}

/**
 * For each beep at `onsetsMs` (ms into the lossless track's PCM `lossless`, both 48 kHz mono),
 * where the same waveform lies in the camera's PCM `camera`, looked for within SEARCH_MS of
 * `expectedMs(onsetMs)` (ms into the camera file). Returns, per beep found, its onset and where
 * the camera has it (`cameraMs`), with the correlation's score (1: the same shape). A copy that
 * kept only a part of the beep (its head and tail found apart) gives both places (`partsMs`:
 * head, tail), for the caller to judge by the edge that was kept.
 */
export function beepsInCamera(lossless, camera, onsetsMs, expectedMs) {
  const found = [];
  const before = frames(BEFORE_MS);
  const half = before + frames(HALF_MS);
  const length = before + frames(AFTER_MS);
  const search = frames(SEARCH_MS);
  for (const onset of onsetsMs) {
    const from = frames(onset) - before;
    if (from < 0 || from + length > lossless.length) continue;
    const ref = Float64Array.from(lossless.subarray(from, from + length));
    const centre = frames(expectedMs(onset)) - before;
    const whole = bestMatch(ref, camera, centre, search);
    if (!(whole.score >= LEAST_SCORE)) continue;
    const head = bestMatch(ref.subarray(0, half), camera, centre, search);
    const tail = bestMatch(ref.subarray(half), camera, centre + half, search);
    const beep = { onsetMs: onset, cameraMs: ms(whole.at + before), score: Math.round(whole.score * 1000) / 1000 };
    if (Math.abs(ms(head.at - (tail.at - half))) > WHOLE_WITHIN_MS) beep.partsMs = [ms(head.at + before), ms(tail.at - half + before)];
    found.push(beep);
  }
  return found;
}
