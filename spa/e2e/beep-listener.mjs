// An outside ear on the Firefox guest's microphone: PulseAudio's own recorder (parec) on the same
// source Firefox captures, placing each beep on this machine's clock, which is the server's. What a
// browser's track says of when it captured a sound is checked against this, not against the page.
import { spawn } from 'node:child_process';
import { setPriority } from 'node:os';
import { nearestDiffs } from './alignment.mjs';

const RATE = 48_000;
/** Half-scale beeps (firefox.mjs): a sample over this starts one. */
const LOUD = 3000;

/**
 * Listens on `device` of the PulseAudio server at `server` (unix:path) from now on. Each chunk's
 * arrival, less the samples so far, tells where the stream began plus how late node read it (its
 * event loop is busy in these tests): the smallest is where it began, to within a chunk of 5 ms.
 * Returns `heard()`, the beeps' onsets (epoch ms), and `stop()`.
 */
export function listenForBeeps(server, device) {
  // The ear must be more prompt than what it times: on loaded cores the Chromium track seemed
  // 7–14 ms early against it (a full run: −12.9, one beep −20.2; −7.4 beside a busy loop on each
  // core), where alone it lay within 1 ms. Its recorder and this process, which stamps the chunks,
  // are started ahead of the browsers (Chromium's at −8, Firefox's at −10), where this user may;
  // else as they are. Beside the two busy loops since: +1.8, −4.2 and +3.0 ms.
  try {
    setPriority(-12);
  } catch {
    // not permitted: stamps as it is
  }
  const proc = spawn('nice', ['-n', '-12', 'parec', '--server', server.replace(/^unix:/, ''), '-d', device, '--format=s16le', `--rate=${RATE}`, '--channels=1', '--latency-msec=5'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let samples = 0;
  let origin = Infinity;
  let rest = Buffer.alloc(0);
  let lastLoud = -Infinity;
  const onsets = [];
  proc.stdout.on('data', (chunk) => {
    const now = Date.now();
    const data = Buffer.concat([rest, chunk]);
    const whole = data.length - (data.length % 2);
    rest = data.subarray(whole);
    for (let i = 0; i < whole; i += 2) {
      const loud = Math.abs(data.readInt16LE(i)) > LOUD;
      const n = samples + i / 2;
      // a beep starts where a loud sample follows 100 ms of quiet
      if (loud && n - lastLoud > RATE / 10) onsets.push(n);
      if (loud) lastLoud = n;
    }
    samples += whole / 2;
    origin = Math.min(origin, now - (samples / RATE) * 1000);
  });
  return {
    heard: () => onsets.map((n) => origin + (n / RATE) * 1000),
    stop: () => proc.kill('SIGTERM'),
  };
}

/**
 * For the beeps of a track (ms on the server clock, as its manifest places them) against the nearest
 * beep heard outside (beeps with none heard within 300 ms are left out): the median of placed − heard
 * (where the track lies), the beep furthest from that median, signed (how well the track kept time
 * over the take), and the slope of placed − heard over the take in parts per million, negative for a
 * track whose samples fall behind the clock (as `driftPpm`; null over less than 5 s).
 */
export function againstHeard(placed, heard) {
  // placed − heard, against when it was heard
  const pairs = nearestDiffs(placed, heard, 300).map((p) => ({ at: p.at + p.diff, diff: -p.diff }));
  const diffs = pairs.map((p) => p.diff);
  if (diffs.length === 0) return { medianMs: null, furthestMs: null, matched: 0, ratePpm: null };
  const median = [...diffs].sort((x, y) => x - y)[Math.floor(diffs.length / 2)];
  const furthest = diffs.reduce((w, d) => (Math.abs(d - median) > Math.abs(w) ? d - median : w), 0);
  const round = (x) => Math.round(x * 10) / 10;
  return { medianMs: round(median), furthestMs: round(furthest), matched: diffs.length, ratePpm: slopePpm(pairs) };
}

/** Least-squares slope of `diff` (ms) against `at` (ms), in ppm; null over less than 5 s. */
function slopePpm(pairs) {
  if (pairs.length < 3 || pairs.at(-1).at - pairs[0].at < 5000) return null;
  const mx = pairs.reduce((a, p) => a + p.at, 0) / pairs.length;
  const my = pairs.reduce((a, p) => a + p.diff, 0) / pairs.length;
  const sxy = pairs.reduce((a, p) => a + (p.at - mx) * (p.diff - my), 0);
  const sxx = pairs.reduce((a, p) => a + (p.at - mx) ** 2, 0);
  return Math.round((sxy / sxx) * 1e6);
}
