// Checks that a take's tracks line up when placed by the manifest alone: each track's offset
// against the moment its recorder really started (as the page saw it), the same sound found in a
// person's lossless and camera tracks, and the spread of the tracks' starts.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { beepsInCamera } from './beep-lags.mjs';

const RATE = 48_000;

/**
 * Onsets (seconds from the file's time 0) of the microphone's beeps: Chromium's fake microphone
 * and the Firefox guest's (a PulseAudio source, firefox.mjs) beep briefly at a steady interval, in silence. The audio is decoded
 * with its start padded to time 0 (aresample first_pts), so a stream that begins late keeps its place.
 */
export function beepOnsets(file) {
  return onsetsIn(decodeMono(file));
}

/** A file's first audio stream as 48 kHz mono 16-bit samples, its start padded to time 0 (see beepOnsets). */
export function decodeMono(file) {
  const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-map', '0:a:0', '-ac', '1', '-af', 'aresample=async=1:first_pts=0',
    '-ar', String(RATE), '-f', 's16le', '-'], { maxBuffer: 1 << 28 });
  return new Int16Array(pcm.buffer, pcm.byteOffset, Math.floor(pcm.length / 2));
}

/** The beeps' onsets (seconds) in decoded samples (see beepOnsets). */
function onsetsIn(s) {
  const win = RATE / 1000;
  const env = new Float32Array(Math.floor(s.length / win));
  for (let i = 0; i < env.length; i++) {
    let m = 0;
    for (let j = i * win; j < (i + 1) * win; j++) m = Math.max(m, Math.abs(s[j]));
    env[i] = m;
  }
  const peak = env.reduce((a, b) => Math.max(a, b), 0);
  const threshold = peak * 0.25;
  const onsets = [];
  // Bins under a quarter of the threshold since the last loud one: a beep that swells (Firefox's
  // capture ramps some up over 30–40 ms) passes through the bins between without starting anew.
  let quiet = 0;
  for (let i = 0; i < env.length; i++) {
    if (env[i] >= threshold) {
      if (quiet >= 100) {
        // The sample where the sound first rose above a tenth of the threshold: back through the swell, then within its first millisecond.
        let k = i;
        while (k > 0 && i - k < 100 && env[k - 1] >= threshold / 10) k--;
        let at = k * win;
        for (let j = Math.max(0, (k - 1) * win); j < (k + 1) * win; j++) {
          if (Math.abs(s[j]) >= threshold / 10) {
            at = j;
            break;
          }
        }
        onsets.push(at / RATE);
      }
      quiet = 0;
    } else if (env[i] < threshold / 4) quiet++;
  }
  return onsets;
}

/**
 * How a track kept a beat of `periodMs` (the Firefox guest's PulseAudio beeps, once a second on the
 * system clock): the mean gap between successive beeps, the worst gap's distance from the period,
 * and the beep furthest from the beat (its phase the median beep's), which is how far that part of
 * the track lies from where it was captured, against the rest.
 */
export function beatKept(onsetsSeconds, periodMs = 1000) {
  const ms = onsetsSeconds.map((t) => t * 1000);
  const gaps = ms.slice(1).map((t, i) => t - ms[i]);
  assert.ok(gaps.length >= 3, `too few beeps to time: ${onsetsSeconds.length}`);
  const meanMs = gaps.reduce((x, y) => x + y, 0) / gaps.length;
  const worstMs = gaps.reduce((w, g) => (Math.abs(g - periodMs) > Math.abs(w) ? g - periodMs : w), 0);
  const phases = ms.map((t) => t - Math.round((t - ms[0]) / periodMs) * periodMs);
  const median = [...phases].sort((x, y) => x - y)[Math.floor(phases.length / 2)];
  const offBeat = phases.reduce((w, p) => (Math.abs(p - median) > Math.abs(w) ? p - median : w), 0);
  const round = (x) => Math.round(x * 10) / 10;
  return { meanGapMs: round(meanMs), worstGapErrorMs: round(worstMs), worstOffBeatMs: round(offBeat) };
}

/** For each onset `at` of `a` with an onset of `b` within `withinMs`, how far after it the nearest lies (`diff`, ms). */
export function nearestDiffs(a, b, withinMs) {
  const pairs = [];
  for (const t of a) {
    let best = Infinity;
    for (const u of b) if (Math.abs(u - t) < Math.abs(best)) best = u - t;
    if (Math.abs(best) < withinMs) pairs.push({ at: t, diff: best });
  }
  return pairs;
}

/** Median of the differences between each onset of `a` and the nearest of `b` (both on the take's time line, ms). */
export function agreementMs(a, b, least = 3) {
  const diffs = nearestDiffs(a, b, 200).map((p) => p.diff);
  assert.ok(diffs.length >= least, `too few common sounds: ${a.length} and ${b.length} onsets, ${diffs.length} matched`);
  diffs.sort((x, y) => x - y);
  return { medianMs: diffs[Math.floor(diffs.length / 2)], matched: diffs.length };
}

/**
 * Where a moment `fileMs` into a camera file lies on the take's time line by the manifest alone:
 * the camera's offset, and after each stretch of silence its owner's lossless track put in for
 * input the browser lost (`fills`), that much later, as the manifest's timeBase says (the camera's
 * recorder lost that input without a gap). The test's own reading of it, not the export's code.
 */
export function cameraOnTake(camera, lossless) {
  const fills = lossless?.fills ?? [];
  return (fileMs) => {
    let shift = 0;
    for (const f of fills) {
      // where the loss began, in the camera's file
      const at = lossless.offsetMs + f.atMs - camera.offsetMs - shift;
      if (at > fileMs) break;
      if (at > 0) shift += f.ms;
    }
    return camera.offsetMs + fileMs + shift;
  };
}

/**
 * Each beep of a person's lossless track against its twin in their camera file placed by the
 * manifest (`onTake`, see cameraOnTake): `diff` ms (camera − lossless on the take's time line).
 */
function cameraBeeps({ lossless, camera }, audio, onTake, medianMs) {
  const onsets = onsetsIn(lossless).map((t) => t * 1000);
  // Where the manifest puts a moment of the take in the camera file: onTake's inverse, piece by piece.
  const inCamera = (takeMs) => {
    let fileMs = takeMs - onTake(0);
    for (let i = 0; i < 4; i++) fileMs -= onTake(fileMs) - takeMs;
    return fileMs;
  };
  const diff = (b, cameraMs) => onTake(cameraMs) - (b.onsetMs + audio.offsetMs);
  // A copy that kept a part of its beep is timed by the edge it kept: the one nearer where the
  // take's beeps lie (the median), the other being where a lost part left it.
  return beepsInCamera(lossless, camera, onsets, (ms) => inCamera(ms + audio.offsetMs)).map((b) => ({
    ...b,
    diff: b.partsMs ? b.partsMs.map((at) => diff(b, at)).reduce((x, y) => (Math.abs(y - medianMs) < Math.abs(x - medianMs) ? y : x)) : diff(b, b.cameraMs),
  }));
}

/** What the page saw: each recorder's real start on the server clock, by kind, for one take. */
export async function pageStarts(page, takeId) {
  return page.evaluate((id) => {
    const e = window.__podster.clock();
    return window.__podster.trackStarts().filter((s) => s.takeId === id).map((s) => ({
      kind: s.kind, serverStart: performance.timeOrigin + s.startedLocal + e.offsetMs, uncertaintyMs: e.uncertaintyMs, soundMatch: s.soundMatch ?? null,
      filledMs: s.filledMs ?? null, fills: s.fills ?? null, timecodeJumps: s.timecodeJumps ?? null, originMovedMs: s.originMovedMs ?? null, flush: s.flush ?? null,
      marks: s.marks ? [...s.marks] : null,
    }));
  }, takeId);
}

/**
 * The checks, for one take: `people` maps a display name to { page, files: { camera, audio } }.
 * Returns the figures; fails when a track is off by 20 ms or more.
 */
export async function assertAligned(manifest, people, log) {
  const startedAt = Date.parse(manifest.startedAt);
  const figures = {};
  const failures = [];
  const check = (ok, message) => ok || failures.push(message);
  // Where the recorders started: their lossless tracks' first samples. A camera file begins at a
  // video frame captured up to a frame before that (its offset says so), which is placement, not spread.
  const offsets = manifest.tracks.filter((t) => t.kind === 'audio').map((t) => t.offsetMs);
  figures.startSpreadMs = Math.max(...offsets) - Math.min(...offsets);
  for (const [name, { page, files }] of Object.entries(people)) {
    const who = name.split(' ')[0];
    const seen = await pageStarts(page, manifest.takeId);
    log(`${name}: recorder starts seen ${JSON.stringify(seen.map(({ marks, ...rest }) => rest))}`);
    for (const kind of ['camera', 'audio']) {
      const track = manifest.tracks.find((t) => t.displayName === name && t.kind === kind);
      const start = seen.find((s) => s.kind === kind);
      assert.ok(track && start, `${name} ${kind}: no track or no start seen`);
      assert.ok(track.clockUncertaintyMs !== null && track.clockUncertaintyMs < 20, `${name} ${kind}: ${JSON.stringify(track)}`);
      const error = track.offsetMs - (start.serverStart - startedAt);
      figures[`${who}_${kind}_offsetErrorMs`] = Math.round(error * 10) / 10;
      figures[`${who}_${kind}_offsetMs`] = track.offsetMs;
      check(Math.abs(error) < 20, `${name} ${kind}: offsetMs ${track.offsetMs} but the recorder started ${(start.serverStart - startedAt).toFixed(1)} ms after startedAt`);
    }
    const audio = manifest.tracks.find((t) => t.displayName === name && t.kind === 'audio');
    const camera = manifest.tracks.find((t) => t.displayName === name && t.kind === 'camera');
    figures[`${who}_driftPpm`] = audio.driftPpm;
    figures[`${who}_sampleRate`] = audio.sampleRate;
    // Where Chromium's PCM recorder's own timecodes jumped (input skipped or repeated): printed, for issue 15.
    figures[`${who}_losslessTimecodeJumps`] = seen.find((s) => s.kind === 'audio')?.timecodeJumps ?? null;
    figures[`${who}_losslessOriginMovedMs`] = seen.find((s) => s.kind === 'audio')?.originMovedMs ?? null;
    // each drift mark against the nominal rate from the first: how late its samples' stamp ran, ms
    const marks = seen.find((s) => s.kind === 'audio')?.marks ?? [];
    figures[`${who}_marksLatenessMs`] = marks.map(([t, n]) => Math.round((t - marks[0][0] - ((n - marks[0][1]) / audio.sampleRate) * 1000) * 10) / 10);
    log(`${name}: driftPpm ${audio.driftPpm} at ${audio.sampleRate} Hz, ${audio.samples} samples; its ${marks.length} marks' lateness against the first (ms): ${figures[`${who}_marksLatenessMs`].join(' ')}`);
    // The microphone beeps (Chromium's fake one, the Firefox guest's PulseAudio source): a sound to find in both tracks.
    // each file decoded once, for the onsets here and the waveforms below
    const pcm = { lossless: decodeMono(files.audio), camera: decodeMono(files.camera) };
    const a = onsetsIn(pcm.lossless).map((t) => t * 1000 + audio.offsetMs);
    assert.ok(Array.isArray(audio.fills), `${name}: the manifest gives no fills for the lossless track: ${JSON.stringify(audio)}`);
    const onTake = cameraOnTake(camera, audio);
    const c = onsetsIn(pcm.camera).map((t) => onTake(t * 1000));
    // Over the stretch of the lossless track the camera was placed by (its first 5 s unless those
    // told nothing: camera-sound.ts), and over the whole take, which holds each recorder's own
    // timekeeping too.
    const match = seen.find((s) => s.kind === 'camera')?.soundMatch;
    const bySound = match?.lagMs != null;
    const stretchFrom = audio.offsetMs + (bySound ? match.stretchFromMs ?? 0 : 0);
    // Five seconds from there: a stretch cut short by lost input has too few beeps to tell alone
    // (what was filled after it is allowed for below).
    const stretchTo = stretchFrom + 5000;
    const inStretch = (xs) => xs.filter((t) => t >= stretchFrom - 100 && t < stretchTo);
    // (two beeps at least: input lost there, filled in the lossless track, takes its beeps with it)
    const placed = agreementMs(inStretch(a), inStretch(c), 2);
    const agree = agreementMs(a, c);
    figures[`${who}_cameraVsLosslessStretchMs`] = Math.round(placed.medianMs * 10) / 10;
    figures[`${who}_cameraVsLosslessMs`] = Math.round(agree.medianMs * 10) / 10;
    figures[`${who}_cameraPlacedBy`] = bySound ? `sound (lag ${match.lagMs} ms, score ${match.score}${match.stretchFromMs ? `, the lossless track's ${match.stretchMs} ms from ${match.stretchFromMs} ms` : ''})` : `start() (${match ? (match.why ?? "?") : "no sound match tried"})`;
    log(`${name}: lossless and camera agree within ${placed.medianMs.toFixed(1)} ms over ${Math.round(stretchFrom - audio.offsetMs)}–${Math.round(stretchTo - audio.offsetMs)} ms (${placed.matched} beeps), ` +
      `${agree.medianMs.toFixed(1)} ms over the take (${agree.matched} beeps); camera placed by ${figures[`${who}_cameraPlacedBy`]}`);
    // Where the lossless track put in silence for input its microphone's stream skipped (Chromium's
    // PCM recorder's stamps jumped 10–20 ms on loaded cores; Firefox's graph stalled, 45–105 ms at
    // a time), the camera file's recorder lost the same input without a word: beep by beep, a camera
    // placed whole stepped by each fill at its place (+49.4, +40.1, then +0.1 ms across four fills of
    // 10–20 ms; +297.9, +252.9, +157.6, +97.9, then 0.9 ms across a Firefox guest's). Placed by the
    // manifest's fills in pieces (cameraOnTake), they meet throughout.
    const lossless = seen.find((s) => s.kind === 'audio');
    figures[`${who}_losslessFills`] = audio.fills;
    const filledMs = lossless?.filledMs ?? 0;
    // The medians above say where the camera lies; the issue asks that every part of it line up:
    // the beep furthest from its lossless twin, over the take, each found in the camera file by
    // its waveform (beep-lags.mjs) near where the manifest places it. By threshold onsets the
    // Firefox guest's camera seemed to wobble 13.7, 26.2, 16, −3.5 ms over a take's first 4.5 s:
    // the call's audio processing had its first beeps quiet and swelling, where the waveforms met.
    const beeps = cameraBeeps(pcm, audio, onTake, agree.medianMs);
    figures[`${who}_cameraVsLosslessBeeps`] = beeps.map((b) => [Math.round(b.onsetMs), Math.round(b.diff * 10) / 10, b.score, ...(b.partsMs ? ['part'] : [])]);
    const beepDiffs = beeps.map((b) => b.diff);
    const worst = beepDiffs.reduce((w, d) => (Math.abs(d) > Math.abs(w) ? d : w), 0);
    figures[`${who}_cameraVsLosslessWorstBeepMs`] = Math.round(worst * 10) / 10;
    check(beepDiffs.length >= 3 && Math.abs(worst) < 20,
      `${name}: a camera beep lies ${worst.toFixed(1)} ms from its lossless twin (${beepDiffs.length} matched; ${filledMs} ms filled in the lossless track)`);
    // Placed by start() and the audio lead, the two were −12.6…+10.5 ms apart in most runs but
    // −56.5 and −79.5 ms on two loaded cores (two MediaRecorders of one microphone began apart);
    // placed by its sound against the lossless track (camera-sound.ts), the camera must agree.
    check(Math.abs(placed.medianMs) < 20,
      `${name}: camera and lossless tracks placed ${placed.medianMs} ms apart over the stretch (camera placed by ${figures[`${who}_cameraPlacedBy`]}; ${filledMs} ms filled in the take)`);
    // Over the whole take −0.6…+0.5 ms in runs without a skip; with skips filled (20 and 30 ms in
    // one run) −19.6 and −20.5 ms when the camera was placed whole.
    check(Math.abs(agree.medianMs) < 20, `${name}: camera and lossless tracks ${agree.medianMs} ms apart over the take (${filledMs} ms filled in the lossless track)`);
    // The marks are where 250 ms slices were captured; the server's line under them (Drift.java) read
    // −189…−4 ppm in Chromium on 12 s takes, but −602 and −1,225 on a 24 s take whose microphone
    // skipped 20 and 30 ms; with the skips filled (TimecodeSkips) −40 and +24. The Firefox guest's
    // read −5,305…+2,035 with its blocks stamped by their last quantum's render, 15 by the least
    // lateness of their quanta (BlockStamp). Bound at 1,000: a
    // wrong rate (44.1 kHz read as 48 is 88,000 ppm) or unfilled skips fail it.
    check(audio.driftPpm !== null && Math.abs(audio.driftPpm) < 1000, `${name}: driftPpm ${audio.driftPpm}`);
    assert.equal(typeof audio.samples, 'number');
  }
  // Chromium's PCM recorders, called 0–17 ms late by busy pages, put spreads of up to 17 ms; started
  // ahead of the instant and cut at it (start-cut.ts), every run since had 0 ms. Held to the issue's 20.
  check(figures.startSpreadMs < 20, `the take's tracks start ${figures.startSpreadMs} ms apart`);
  log(`alignment figures: ${JSON.stringify(figures)}`);
  assert.deepEqual(failures, [], 'the take does not line up');
  return figures;
}
