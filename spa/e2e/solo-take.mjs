// One Chromium, no peers: the host records a take alone and the downloaded file must be playable
// and seekable (Duration, SeekHead → Cues on clusters, a seek that reads little). Quicker than
// studio.mjs and independent of WebRTC; for checking the recorder's file on its own. With --kill
// the browser is SIGKILLed mid-take and reopened, and the reloaded page finishes the file: it must
// play, have its Duration and seek by its Cues (the newest chunk is never in a part while
// recording, so a cut element can be trimmed from the last part). With --noisy-camera the fake camera plays a second of 1080p noise
// (made here with ffmpeg), which VP9 records at ~8 Mbit/s instead of the test pattern's ~0.9: a
// take of a dozen seconds then needs several 5 MiB parts, so the file is stitched from parts and
// its header and Cues finished across them (the test pattern needs ~50 s per part).
// With --quiet-start the microphone is quiet for the take's first seconds (the test waits in the
// lobby for its fake microphone's long pause): the camera file can only be placed by its sound
// against a later stretch of the lossless track, and must be, within 20 ms of that track.
// Usage: node e2e/solo-take.mjs BASE_URL [ADMIN_URL] [--seconds=12] [--kill] [--noisy-camera] [--quiet-start]
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killBrowser, launchBrowserAt, newProfile, watchProblems } from './browser.mjs';
import { webmSeekIndex } from './webm-cues.mjs';
import { assertLossless, probeAudio } from './studio-steps.mjs';
import { agreementMs, beepOnsets, cameraOnTake, pageStarts } from './alignment.mjs';

const args = process.argv.slice(2);
const kill = args.includes('--kill');
const noisy = args.includes('--noisy-camera');
const quiet = args.includes('--quiet-start');
/** The fake microphone's pause: the take begins some 8 s into it (see waitForQuiet). */
const QUIET_S = 16;
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 12);
const [base] = args.filter((a) => !a.startsWith('--'));
assert.ok(base, 'usage: solo-take.mjs BASE_URL [ADMIN_URL] [--seconds=12] [--kill] [--noisy-camera] [--quiet-start]');
const out = mkdtempSync(join(tmpdir(), 'podster-solo-'));
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const profile = newProfile();
const cameraArgs = [];
if (noisy) {
  const clip = join(out, 'noise.y4m');
  execFileSync('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=1920x1080:r=30', '-vf', 'noise=alls=6:allf=t', '-t', '1', '-pix_fmt', 'yuv420p', clip]);
  cameraArgs.push(`--use-file-for-fake-video-capture=${clip}`);
}
const microphone = quiet ? { quietS: QUIET_S } : {};
let browser = await launchBrowserAt(profile, cameraArgs, { microphone });
/** Part numbers each recording was completed with (the body of its POST /api/recordings/{id}/complete). */
const partsCompleted = new Map();
const countParts = (page) => page.on('request', (req) => {
  const [, id] = /\/api\/recordings\/([^/]+)\/complete$/.exec(new URL(req.url()).pathname) ?? [];
  if (req.method() === 'POST' && id) partsCompleted.set(id, req.postDataJSON().parts.map((p) => p.partNumber));
});
try {
  let page = await browser.newPage();
  const problems = watchProblems(page);
  countParts(page);
  await page.goto(`${base}/#signup`);
  await page.getByLabel('Email').fill(`solo-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByLabel('Display name').fill('Solo');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByLabel('Room name').fill('Solo');
  await page.getByRole('button', { name: 'New room' }).click();
  await page.getByRole('link', { name: 'Solo' }).waitFor();
  const room = (await page.evaluate(async () => (await fetch('/api/rooms')).json())).rooms[0];
  // Chromium writes cookies to disk about every 30 s: the reopened browser needs its session
  if (kill) await sleep(32_000);
  await page.goto(`${base}/rooms/${room.id}`);
  if (quiet) await waitForQuiet(page);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByRole('button', { name: 'Record' }).click();
  await page.getByRole('button', { name: 'Stop recording' }).waitFor();
  await sleep(seconds * 1000);
  if (kill) {
    killBrowser(profile);
    await browser.close().catch(() => {});
    browser = await launchBrowserAt(profile, cameraArgs, { microphone });
    page = await browser.newPage();
    problems.push(...watchProblems(page));
    countParts(page);
    await page.goto(`${base}/`);
  } else {
    await page.getByRole('button', { name: 'Stop recording' }).click();
  }
  await page.getByText('All recordings saved — safe to close').waitFor({ timeout: 90_000 });
  const takes = async () => (await page.evaluate(async (id) => (await fetch(`/api/rooms/${id}/takes`)).json(), room.id)).takes;
  let take;
  for (let i = 0; i < 100 && !take; i++, await sleep(200)) take = (await takes()).find((t) => t.tracks.length > 0 && t.tracks.every((x) => x.state === 'complete'));
  assert.ok(take, 'the take never completed');
  for (const t of take.tracks) {
    const res = await page.request.get(`${base}/api/recordings/${t.recordingId}/download`);
    assert.equal(res.status(), 200);
    const body = await res.body();
    const file = join(out, `${t.kind}.${t.kind === 'audio' ? 'wav' : 'webm'}`);
    writeFileSync(file, body);
    if (t.kind === 'audio') {
      const a = probeAudio(file);
      console.log(`audio: ${file} ${body.length} bytes, ${a.codec} ${a.sampleRate} Hz, ${a.duration}s`);
      assertLossless(a, 'audio');
      continue;
    }
    const index = webmSeekIndex(new Uint8Array(body));
    const duration = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString());
    // Chrome's own blocks repeat a timestamp now and then: ffmpeg says so, once per repeat
    const decode = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
    const messages = decode.stderr.toString().trim().split('\n').filter(Boolean);
    // Seek to just past a cue point that is not the last: by the Cues, ffmpeg skips the bytes before
    // it; reading linearly it would read them all. (Past the last cue ffmpeg 5.1 reads on to the end
    // of the file looking for more keyframes; its default probe reads 5 MB from the start.)
    const cue = index.cuePoints - 2;
    const pastCue = cue >= 1;
    const seekTo = pastCue ? index.cueTimes[cue] / 1000 + 0.3 : Math.max(0, Math.floor(duration) - 3);
    const seekLog = spawnSync('ffmpeg', ['-v', 'debug', '-probesize', '100000', '-ss', String(seekTo), '-i', file, '-frames:v', '1', '-f', 'null', '-']).stderr.toString();
    const [, seekBytes, seeks] = /Statistics: (\d+) bytes read, (\d+) seeks/.exec(seekLog) ?? [];
    console.log(`${t.kind}: ${file} ${body.length} bytes, ffprobe duration ${duration}s, ${JSON.stringify({ ...index, cueOffsets: undefined })}; ` +
      `seeking to ${seekTo}s reads ${seekBytes} bytes with ${seeks} seeks; decoding: ${messages.length} messages${messages.length ? `, first: ${messages[0]}` : ''}`);
    assert.equal(decode.status, 0, `${t.kind}: ffmpeg cannot decode it`);
    // the take starts when the 3-second countdown ends
    assert.ok(index.hasDuration && duration > (kill ? 1 : seconds - 4), `${t.kind}: duration ${duration}`);
    assert.ok(index.cuePoints > 0 && index.seekHeadFindsCues && index.cuesOnClusters, `${t.kind}: not seekable`);
    if (noisy) assert.ok(pastCue, `${t.kind}: ${index.cuePoints} cue point(s) in ${duration}s of noise`);
    if (pastCue) {
      assert.ok(Number(seekBytes) < index.cueOffsets[cue], `${t.kind}: seeking to ${seekTo}s read ${seekBytes} bytes, the cue before it at byte ${index.cueOffsets[cue]}`);
    }
  }
  if (quiet) await assertPlacedByLaterSound(page, room.id, take);
  const partsOf = (t) => partsCompleted.get(t.recordingId) ?? [];
  for (const t of take.tracks) console.log(`${t.kind}: ${t.size} bytes, completed from parts ${partsOf(t).join(', ')}`);
  if (noisy) {
    const camera = take.tracks.find((t) => t.kind === 'camera');
    assert.ok(partsOf(camera).length >= 2, `camera: ${camera.size} bytes in ${partsOf(camera).length} part(s), not several`);
  }
  assert.deepEqual(problems, []);
  console.log(`e2e solo take${kill ? ' (killed mid-take)' : ''}: passed`);
} finally {
  await browser.close().catch(() => {});
}

/**
 * Waits in the lobby, by its microphone meter (read every 100 ms over 11 ms, so a 50 ms beep may
 * be missed: two in a row leave 2.5 s), for the beeps to stop and 3.5 s to pass: the fake
 * microphone's pause has begun, and lasts another 13 s. (Once the meter moved once on its own and
 * the take began late in the pause, with two beeps in it.)
 */
async function waitForQuiet(page) {
  const meter = page.getByRole('meter', { name: 'Microphone level' });
  await meter.waitFor();
  const waited = await page.evaluate(async () => {
    const m = document.querySelector('meter[aria-label="Microphone level"]');
    const began = performance.now();
    // Beeps seen (readings 300 ms or more apart): three within 8 s is the beeping part, not a
    // meter's first reading or a stray one.
    const beeps = [];
    while (performance.now() - began < 90_000) {
      const now = performance.now();
      if (Number(m.value) > 20 && (beeps.length === 0 || now - beeps[beeps.length - 1] > 300)) beeps.push(now);
      const last = beeps[beeps.length - 1];
      if (last !== undefined && now - last > 3500 && beeps.filter((t) => t > last - 8000).length >= 3) return now - began;
      await new Promise((r) => setTimeout(r, 20));
    }
    return null;
  });
  assert.ok(waited !== null, 'the lobby never showed the microphone beeping, then quiet');
  console.log(`quiet start: waited ${Math.round(waited)} ms in the lobby for the microphone's pause`);
}

/**
 * The take began quiet: the camera must have been placed by its sound against a later stretch of
 * the lossless track (not by its start() call), and the two, placed by the manifest (the camera in
 * pieces where input was lost: cameraOnTake), must meet within 20 ms.
 */
async function assertPlacedByLaterSound(page, roomId, take) {
  const manifest = await page.evaluate(async ([r, t]) => (await fetch(`/api/rooms/${r}/takes/${t}/manifest`)).json(), [roomId, take.id]);
  const starts = await pageStarts(page, take.id);
  const match = starts.find((x) => x.kind === 'camera')?.soundMatch;
  const filledMs = starts.find((x) => x.kind === 'audio')?.filledMs ?? 0;
  const lossless = manifest.tracks.find((x) => x.kind === 'audio');
  const onTake = cameraOnTake(manifest.tracks.find((x) => x.kind === 'camera'), lossless);
  const audio = beepOnsets(join(out, 'audio.wav')).map((at) => at * 1000 + lossless.offsetMs);
  const camera = beepOnsets(join(out, 'camera.webm')).map((at) => onTake(at * 1000));
  const audioOffset = lossless.offsetMs;
  const agree = agreementMs(audio, camera);
  console.log(`quiet start: the lossless track's first beep ${Math.round(audio[0] - audioOffset)} ms in; camera placed by ${JSON.stringify(match)}; ` +
    `camera against lossless ${agree.medianMs.toFixed(1)} ms over ${agree.matched} beeps (${filledMs} ms filled)`);
  assert.ok(audio[0] - audioOffset > 5000, `the take did not begin quiet: a beep ${audio[0] - audioOffset} ms in`);
  assert.ok(match?.lagMs != null && match.stretchFromMs >= 5000, `the camera was not placed by a later stretch of its sound: ${JSON.stringify(match)}`);
  assert.ok(Math.abs(agree.medianMs) < 20, `camera and lossless tracks ${agree.medianMs} ms apart (${filledMs} ms filled)`);
}
