// The microphone Chromium's fake devices record in the browser tests: a WAV of short beeps at
// irregular times, looped (--use-file-for-fake-audio-capture). Chromium's own fake microphone beeps
// at a steady 500 ms beat, and a steady beat is found alike at lags a beat apart: the camera's
// sound match (sync/sound-match.ts) could look no further than ±250 ms, less than Chromium's Opus
// files start early (163–290 ms measured), and a lag near the edge failed as ambiguous in CI. Speech
// has no beat; these beeps have none either (no gap between two of them equals another).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Gaps between successive beeps, s; the last runs into the first of the next loop. All apart by 20 ms or more. */
const GAPS_S = [0.83, 1.17, 0.71, 1.29, 0.94, 1.06, 0.77, 1.21, 0.89];
const BEEP_S = 0.05;
/** The first beep this far into the file: a beep cut by the capture's start would read as a weaker one. */
const FIRST_S = 0.1;

const made = new Map();

/**
 * The WAV's path (made once per process with ffmpeg, mono, 8.87 s), at the rate Chromium's fake
 * device runs (44.1 kHz): a 48 kHz file was resampled on the way in, which rang before each sharp
 * onset, and a beep's first loud sample moved by 6 frames in a drift-corrected copy of the track.
 * `quietS`: that many seconds of silence after the beeps, before the loop begins again — a person
 * who says nothing for a while (the test waits for it, then starts a take that begins quiet).
 */
export function fakeMicrophoneWav({ quietS = 0 } = {}) {
  const known = made.get(quietS);
  if (known && existsSync(known)) return known;
  let at = FIRST_S;
  const windows = GAPS_S.map((gap) => {
    const w = `between(t,${at.toFixed(3)},${(at + BEEP_S).toFixed(3)})`;
    at += gap;
    return w;
  });
  const seconds = GAPS_S.reduce((a, b) => a + b, 0) + quietS;
  const file = join(mkdtempSync(join(tmpdir(), 'podster-mic-')), 'beeps.wav');
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `aevalsrc='0.5*sin(2*PI*880*t)*(${windows.join('+')})':s=44100:d=${seconds.toFixed(3)}`,
    '-c:a', 'pcm_s16le', file]);
  made.set(quietS, file);
  return file;
}
