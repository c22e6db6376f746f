// A take from a real microphone in Chromium, held to where an ear outside the browser heard it.
// The other browser tests record Chromium's fake microphone, whose "capture" is made up inside the
// browser, so they can only check a track against what its own page said; here Chromium records a
// PulseAudio source that beeps once a second (firefox.mjs), and PulseAudio's own recorder on the
// same beeps (beep-listener.mjs) places each on this machine's clock, the server's. Chromium has
// no camera then (its fake camera comes only with its fake microphone), so this is also a person
// without a webcam: they join with the microphone alone (Camera on disabled), and the take is their
// lossless track. Placed by the manifest alone, its beeps must be heard outside and lie, the median
// and the furthest, within 20 ms of where they were heard (the figure).
// Usage: node e2e/heard-take.mjs BASE_URL [ADMIN_URL] [--seconds=10] [--stall-audio-ms=N: freeze Chromium's audio service N ms as the recorder starts]
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowserAt, newProfile, watchProblems } from './browser.mjs';
import { startAudioServer } from './firefox.mjs';
import { STUDIO_ARGS, assertLossless, awaitTakeComplete, downloadViaApi, hostOpensRoom, logger, probeAudio, sleep } from './studio-steps.mjs';
import { beepOnsets, pageStarts } from './alignment.mjs';
import { againstHeard, listenForBeeps } from './beep-listener.mjs';

/** Freezes Chromium's audio service for `ms`, as a loaded machine's scheduler can. */
async function stallAudioService(ms) {
  const ps = execFileSync('ps', ['-eo', 'pid=,args=']).toString().split('\n');
  const line = ps.find((l) => /chrom/.test(l) && l.includes('audio.mojom.AudioService'));
  assert.ok(line, 'no audio service process');
  const pid = Number(line.trim().split(/\s+/)[0]);
  process.kill(pid, 'SIGSTOP');
  await sleep(ms);
  process.kill(pid, 'SIGCONT');
  log(`audio service ${pid} stalled ${ms} ms`);
}

const args = process.argv.slice(2);
const [base] = args.filter((a) => !a.startsWith('--'));
const seconds = Number(args.find((a) => a.startsWith('--seconds='))?.slice(10) ?? 10);
const stallMs = Number(args.find((a) => a.startsWith('--stall-audio-ms='))?.slice(17) ?? 0);
assert.ok(base, 'usage: heard-take.mjs BASE_URL [--seconds=10]');
const out = mkdtempSync(join(tmpdir(), 'podster-heard-'));
const log = logger('heard-take');
const figures = {};

const audio = await startAudioServer();
const ear = listenForBeeps(audio.server, audio.monitorSource);
const browser = await launchBrowserAt(newProfile(), STUDIO_ARGS, { audio });
try {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  // The timing the page completes the track with (its drift marks are not in the manifest).
  let timing = null;
  page.on('request', (req) => {
    if (req.method() === 'POST' && /\/api\/recordings\/[^/]+\/complete$/.test(new URL(req.url()).pathname)) timing = req.postDataJSON().timing ?? null;
  });
  const room = await hostOpensRoom(page, base, { displayName: 'Mia Mic', roomName: 'Heard' });
  assert.match(room.announced, /^lossless 48 kHz audio$/, `the lobby announced ${room.announced}`);
  const settings = await page.evaluate(() => window.__podster?.studioMic?.());
  log(`lobby: "${room.announced}"; the lossless microphone ${JSON.stringify(settings)}`);
  assert.equal(settings?.deviceId === undefined ? null : typeof settings.deviceId, 'string', 'no lossless microphone');
  // in the call, nothing to switch on
  assert.ok(await page.getByRole('button', { name: 'Camera on' }).isDisabled(), 'Camera on is offered without a camera');

  await page.getByRole('button', { name: 'Record' }).click();
  if (stallMs > 0) await stallAudioService(stallMs);
  await page.getByRole('button', { name: 'Stop recording' }).waitFor();
  await sleep((3 + seconds) * 1000);
  await page.getByRole('button', { name: 'Stop recording' }).click();
  const take = await awaitTakeComplete(page, room.id, 1);
  const manifest = await page.evaluate(async ([r, t]) => (await fetch(`/api/rooms/${r}/takes/${t}/manifest`)).json(), [room.id, take.id]);
  assert.deepEqual(manifest.tracks.map((t) => t.kind), ['audio'], `tracks ${JSON.stringify(manifest.tracks)}`);
  const track = manifest.tracks[0];
  const file = await downloadViaApi(browser, base, track.recordingId, join(out, 'Mia_audio.wav'));
  const a = probeAudio(file);
  assertLossless(a, 'Mia audio');
  assert.equal(a.sampleRate, 48_000, 'the PulseAudio microphone runs at 48 kHz');

  const [seen] = await pageStarts(page, take.id);
  log(`the recorder's time line began ${seen?.originMovedMs} ms before its start() said; timecode jumps ${JSON.stringify(seen?.timecodeJumps ?? null)}`);
  const placed = beepOnsets(file).map((t) => Date.parse(manifest.startedAt) + track.offsetMs + t * 1000);
  const vs = againstHeard(placed, ear.heard());
  Object.assign(figures, {
    originMovedMs: seen?.originMovedMs ?? null, offsetMs: track.offsetMs, clockUncertaintyMs: track.clockUncertaintyMs, driftPpm: track.driftPpm, seconds: a.duration,
    inputLatencyMs: settings.latency === undefined ? null : Math.round(settings.latency * 10000) / 10,
    vsHeardMs: vs.medianMs, vsHeardFurthestMs: vs.furthestMs, vsHeardMatched: vs.matched, vsHeardRatePpm: vs.ratePpm,
  });
  log(`the lossless track places its beeps ${vs.medianMs} ms from where the microphone's source played them, the furthest ${vs.furthestMs} ms from that (${vs.matched} of ${placed.length} beeps heard), its rate against them ${vs.ratePpm} ppm; driftPpm ${track.driftPpm}`);
  if (timing?.marks?.length) {
    const [t0, n0] = timing.marks[0];
    // each mark against the nominal rate from the first: how late its samples' stamp ran, ms
    const lateness = timing.marks.map(([t, n]) => Math.round((t - t0 - ((n - n0) / a.sampleRate) * 1000) * 10) / 10);
    log(`drift marks: ${timing.marks.length}, each one's stamp against the nominal rate from the first (ms): ${lateness.join(' ')}`);
    figures.marksLatenessMs = lateness;
  }
  // Measured −14.1…+6.5 ms in eleven runs (−11.9, −11.4 and −8.7 beside a busy loop), every beep
  // within 6 ms of the median; with the ear started ahead (beep-listener.mjs) −1.1, +1 and 0 alone,
  // +1.8, −4.2 and +3.0 beside two busy loops: Chromium's capture stamps less its reported input latency (21.3 ms
  // here). Its driftPpm read −1,053…+195 where the ear found the beeps a steady 1000 ms apart: in
  // some takes the stamps ran up to 6 ms later against the samples over the first seconds (the
  // marks' lateness, printed), which a 10 s take cannot tell from drift. Printed, not checked.
  assert.ok(vs.matched >= seconds - 2, `only ${vs.matched} of the track's ${placed.length} beeps were heard outside`);
  assert.ok(Math.abs(vs.medianMs) < 20, `the track lies ${vs.medianMs} ms from where its microphone's source played`);
  assert.ok(Math.abs(vs.medianMs + vs.furthestMs) < 20, `a beep lies ${vs.medianMs + vs.furthestMs} ms from where it was heard`);
  assert.deepEqual(problems, []);
  console.log(`HEARD FIGURES ${JSON.stringify(figures)}`);
  console.log('e2e heard take: passed');
} finally {
  ear.stop();
  await browser.close().catch(() => {});
  audio.stop();
}
