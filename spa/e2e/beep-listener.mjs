// An outside ear on the Firefox guest's microphone: PulseAudio's own recorder (parec) on the same
// source Firefox captures, placing each beep on this machine's clock, which is the server's. What a
// browser's track says of when it captured a sound is checked against this, not against the page.
import { spawn } from 'node:child_process';
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
  const proc = spawn('parec', ['--server', server.replace(/^unix:/, ''), '-d', device, '--format=s16le', `--rate=${RATE}`, '--channels=1', '--latency-msec=5'], { stdio: ['ignore', 'pipe', 'ignore'] });
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
 * For the beeps of a track (ms on the server clock, as its manifest places them), the median and
 * the worst distance to the nearest beep heard outside; beeps with none heard within 300 ms are left out.
 */
export function againstHeard(placed, heard) {
  const diffs = nearestDiffs(placed, heard, 300).map((d) => -d);
  if (diffs.length === 0) return { medianMs: null, worstMs: null, matched: 0 };
  const sorted = [...diffs].sort((x, y) => x - y);
  const worst = diffs.reduce((w, d) => (Math.abs(d) > Math.abs(w) ? d : w), 0);
  const round = (x) => Math.round(x * 10) / 10;
  return { medianMs: round(sorted[Math.floor(sorted.length / 2)]), worstMs: round(worst), matched: diffs.length };
}
