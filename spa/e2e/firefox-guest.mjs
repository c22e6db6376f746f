// A Firefox guest end to end: a Chromium host (playwright-core) and a Firefox guest (Debian's
// firefox-esr, puppeteer-core over WebDriver BiDi) in one room see each other; a take, after which
// the guest's camera track (Firefox's own WebM muxer) has a Duration and Cues, decodes cleanly and
// seeks, and its lossless track is WAV at the rate its lobby announced; then a second take during
// which the Firefox guest is killed (SIGKILL) and reopened on the same profile: the reloaded page
// resumes its recordings from IndexedDB and both tracks complete, with a Duration and Cues.
// Meanwhile both browsers' call telemetry (Firefox reports its stats in its own shape) must be
// accepted and move the podster_call_ series on the admin /metrics.
// Usage: node e2e/firefox-guest.mjs http://127.0.0.1:8080 http://127.0.0.1:9464
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowserAt, newProfile, watchProblems } from './browser.mjs';
import { killFirefox, launchFirefox, startAudioServer } from './firefox.mjs';
import {
  STUDIO_ARGS, assertLossless, awaitBothSee, awaitTakeComplete, bytesToSeek, downloadViaApi, hostOpensRoom, logger, probeAudio, probeFile, sleep, takes, until,
} from './studio-steps.mjs';
import { webmSeekIndex } from './webm-cues.mjs';
import { assertAligned, beatKept, beepOnsets, cameraOnTake } from './alignment.mjs';
import { againstHeard, listenForBeeps } from './beep-listener.mjs';
import { assertCallSeriesMoved, callSeries } from './call-metrics-steps.mjs';

const [base, admin] = process.argv.slice(2);
assert.ok(base && admin, 'usage: firefox-guest.mjs BASE_URL ADMIN_URL');
const callsBefore = await callSeries(admin);
const out = mkdtempSync(join(tmpdir(), 'podster-firefox-'));
const log = logger('firefox-guest');
const figures = {};

// ---- the guest's page through Puppeteer, which has no getByLabel: controls found by their text
const textOf = (page) => page.evaluate(() => document.body.innerText);
const awaitText = (page, re, timeoutMs = 30_000) => until(`"${re}" on the guest's page`, async () => re.test(await textOf(page)), timeoutMs, 100);

/** The control of the label whose text begins with `label`. */
async function controlLabelled(page, label) {
  const control = await page.evaluateHandle((l) => [...document.querySelectorAll('label')].find((x) => x.textContent.trim().startsWith(l))?.control, label);
  assert.ok(await control.evaluate((e) => !!e), `no control labelled ${label}`);
  return control;
}

async function fillByLabel(page, label, value) {
  await (await controlLabelled(page, label)).type(value);
}

async function clickButton(page, name) {
  const button = await page.evaluateHandle((n) => [...document.querySelectorAll('button')].find((b) => b.textContent.trim() === n || b.getAttribute('aria-label') === n), name);
  assert.ok(await button.evaluate((e) => !!e), `no button ${name}`);
  await button.click();
}

/** The guest opens the invite in Firefox, names themselves and joins; returns what its lobby said will be recorded. */
async function firefoxGuestJoins(gp, room) {
  await gp.goto(`${base}/join/${room.inviteCode}`);
  await until('the invite page', () => gp.evaluate(() => [...document.querySelectorAll('label')].some((l) => l.textContent.includes('Display name'))), 20_000, 100);
  await fillByLabel(gp, 'Display name', 'Fox Guest');
  // As a podcast guest should: with echo cancellation on, Firefox's took the microphone's beeps for
  // the host's (both beep once a second) and cut them to a tenth from 2 s in, or for the first 3 s.
  await (await controlLabelled(gp, "I'm wearing headphones")).click();
  await until('the guest lobby names the lossless track', () => gp.evaluate(() => /lossless/.test(document.querySelector('[data-recording-format]')?.textContent ?? '')), 20_000, 100);
  const announced = await gp.evaluate(() => document.querySelector('[data-recording-format]').textContent);
  await clickButton(gp, 'Join');
  return announced;
}

// ---- reading the downloaded tracks
/** A camera track: read back by ffprobe, decoded by ffmpeg without a word, its SeekHead leading to Cues that find clusters, seeking cheap. */
async function assertCamera(context, track, name) {
  const file = await downloadViaApi(context, base, track.recordingId, join(out, `${name}.webm`));
  const p = probeFile(file);
  const size = statSync(file).size;
  const cues = webmSeekIndex(new Uint8Array(readFileSync(file)));
  // Every frame decoded, errors fatal. Firefox's frames come at a variable rate, and on a loaded
  // machine its muxer gave two frames one timestamp (10233 ms twice): the null output takes fresh
  // timestamps (-fps_mode drop) so only the decoding is judged, not ffmpeg's own muxer rules.
  const decode = spawnSync('ffmpeg', ['-v', 'error', '-err_detect', 'explode', '-i', file, '-map', '0', '-fps_mode', 'drop', '-f', 'null', '-']).stderr.toString().trim();
  // just past the last seek point: by the Cues ffmpeg reads the header, the Cues and a frame or two, not what comes before
  const seekTo = (cues.cueTimes[cues.cueTimes.length - 1] ?? 0) / 1000 + 0.2;
  const seekBytes = bytesToSeek(file, seekTo);
  log(`${name}: ${size} bytes, ${p.width}×${p.height}, Duration ${p.header}s, last frame ${p.lastFrame}s, ${p.frames} frames; ` +
    `cue points at ${cues.cueTimes.join(',')} ms, SeekHead→Cues ${cues.seekHeadFindsCues}; seeking to ${seekTo.toFixed(1)}s reads ${seekBytes} bytes (${Math.round((100 * seekBytes) / size)}%)`);
  assert.equal(decode, '', `${name}: ffmpeg says ${decode}`);
  assert.ok(p.width > 0 && p.frames > 0, `${name}: ${JSON.stringify(p)}`);
  assert.ok(cues.hasDuration && Math.abs(p.header - p.lastFrame) < 1.5, `${name}: Duration ${p.header}s, last frame ${p.lastFrame}s`);
  assert.ok(cues.cuePoints > 1 && cues.seekHeadFindsCues && cues.cuesOnClusters, `${name}: no usable Cues ${JSON.stringify(cues)}`);
  // By the Cues ffmpeg jumps from the header to the target's cluster, and reads that cluster whole:
  // Firefox's run keyframe to keyframe, so at 720p, the last keyframe 53–60% into the file, that
  // cluster alone is 40–47% of it (a bound of half the file failed on that). Without the Cues it
  // reads the file through (measured about twice the reads by them).
  const withoutCues = bytesToSeek(file, seekTo, { ignoreCues: true });
  figures[`${name}_seekReadsVsNoCues`] = Math.round((100 * seekBytes) / withoutCues) / 100;
  assert.ok(seekBytes < 0.8 * withoutCues, `${name}: seeking to ${seekTo}s reads ${seekBytes} of ${size} bytes by the Cues, ${withoutCues} without them`);
  Object.assign(figures, { [`${name}_s`]: p.header, [`${name}_cuePoints`]: cues.cuePoints, [`${name}_seekReadsPercent`]: Math.round((100 * seekBytes) / size) });
  return p;
}

async function assertWav(context, track, name) {
  const file = await downloadViaApi(context, base, track.recordingId, join(out, `${name}.wav`));
  const a = probeAudio(file);
  log(`${name}: ${statSync(file).size} bytes, ${a.format} ${a.codec} ${a.sampleRate} Hz ${a.bits}-bit, ${a.duration}s`);
  assertLossless(a, name);
  figures[`${name}_s`] = a.duration;
  return a;
}

/** Debugging aid: logs when the guest's page takes over 2 s to answer, with Firefox's processes' memory. */
function watchResponsive(page) {
  const timer = setInterval(async () => {
    const t0 = Date.now();
    const answered = await Promise.race([page.evaluate(() => 1).then(() => true, () => true), sleep(2000).then(() => false)]);
    if (!answered) {
      const ps = spawnSync('top', ['-b', '-n', '1', '-w', '200']).stdout.toString().split('\n').slice(6, 16).map((l) => l.slice(0, 120)).join('\n');
      log(`guest page silent for ${((Date.now() - t0) / 1000).toFixed(1)} s; top:\n${ps}`);
    }
  }, 3000);
  timer.unref();
}

const hostProfile = newProfile();
const guestProfile = newProfile();
const audio = await startAudioServer();
const ear = listenForBeeps(audio.server, audio.monitorSource);
const host = await launchBrowserAt(hostProfile, STUDIO_ARGS);
let guest = await launchFirefox(guestProfile, audio);
const problems = [];
try {
  const hp = await host.newPage();
  problems.push(...watchProblems(hp));
  hp.on('dialog', (d) => void d.accept());
  // 720p: the guest's camera opens on the invite page at the default 1080p and must come down to the
  // room's quality in the room (Firefox ignores applyConstraints on a live camera: it is reopened),
  // and two cores carry two browsers encoding at once.
  const room = await hostOpensRoom(hp, base, { quality: '720p' });

  const gp = await guest.newPage();
  gp.on('pageerror', (e) => problems.push(`guest page error: ${e.message}`));
  if (process.env.STUDIO_DEBUG) gp.on('console', (m) => console.log(`[guest] ${m.type()}: ${m.text()}`));
  const announced = await firefoxGuestJoins(gp, room);
  if (process.env.STUDIO_DEBUG) watchResponsive(gp);
  const joinedAt = Date.now();
  await awaitBothSee(hp, gp);
  figures.joinToFirstRemoteFrameMs = Date.now() - joinedAt;
  log(`Firefox guest joined (its lobby: "${announced}"); both see each other ${figures.joinToFirstRemoteFrameMs} ms after Join`);
  // The host's camera goes off: two browsers each encoding and decoding 1080p twice over outran
  // two cores (Firefox's page stopped answering, its media process holding gigabytes of frames).
  // This test is about the Firefox guest; the host's camera still records (black), with its audio.
  await hp.getByRole('button', { name: 'Camera off' }).click();

  // ---- take 1: 12 s, clean. Firefox's VP8 writes a keyframe about every 7.5 s: two cue points.
  await hp.getByRole('button', { name: 'Record' }).click();
  await awaitText(gp, /Recording starts/);
  // the recorders start when the countdown ends
  const countdownOver = () => until('the countdown to end', async () => !/Recording starts/.test(await textOf(gp)), 6000, 20);
  await countdownOver();
  log('take 1: recording');
  await sleep(12_000);
  log('take 1: Stop pressed');
  await hp.getByRole('button', { name: 'Stop recording' }).click();
  const take1 = await awaitTakeComplete(hp, room.id, 4, { others: [gp] });
  // the call has been up for 15 s and more: both browsers' summaries were accepted
  Object.assign(figures, assertCallSeriesMoved(callsBefore, await callSeries(admin), 2));
  const mine1 = take1.tracks.filter((t) => t.displayName === 'Fox Guest');
  assert.deepEqual(mine1.map((t) => t.kind).sort(), ['audio', 'camera'], JSON.stringify(take1.tracks));
  const camera1 = await assertCamera(host, mine1.find((t) => t.kind === 'camera'), 'take1_firefox_camera');
  assert.ok(camera1.header > 9 && camera1.header < 14, `take 1 Firefox camera: ${camera1.header}s`);
  assert.deepEqual([camera1.width, camera1.height], [1280, 720], `take 1 Firefox camera at the room's 720p: ${camera1.width}×${camera1.height}`);
  const audio1 = await assertWav(host, mine1.find((t) => t.kind === 'audio'), 'take1_firefox_audio');
  assert.ok(announced.endsWith(`lossless ${Math.round(audio1.sampleRate / 100) / 10} kHz audio`), `the lobby said "${announced}", the file is ${audio1.sampleRate} Hz`);
  // Where Firefox's audio graph lost input (its output device's clock fell behind on these loaded
  // cores: 0.3 s of 12 in CI, up to 4.7 s here), the lossless track has silence instead and keeps
  // time. Firefox's camera file is timed by that same graph and comes out short by as much:
  // printed, not held against the lossless track.
  figures.take1_firefox_silenceFilledMs = await gp.evaluate((id) => window.__podster.trackStarts().find((s) => s.kind === 'audio' && s.takeId === id)?.filledMs ?? 0, take1.id);
  figures.take1_firefox_audio_vs_camera_ms = Math.round((audio1.duration - camera1.lastFrame) * 1000);
  figures.take1_firefox_cameraDurationPastLastFrame_ms = Math.round((camera1.header - camera1.lastFrame) * 1000);
  // placed by the manifest alone, the take's tracks line up (the host's by their beeps too)
  const manifest1 = await hp.evaluate(async ([r, t]) => (await fetch(`/api/rooms/${r}/takes/${t}/manifest`)).json(), [room.id, take1.id]);
  const hana = take1.tracks.filter((t) => t.displayName === 'Hana Host');
  const hostFiles = {
    camera: await downloadViaApi(host, base, hana.find((t) => t.kind === 'camera').recordingId, join(out, 'take1_host_camera.webm')),
    audio: await downloadViaApi(host, base, hana.find((t) => t.kind === 'audio').recordingId, join(out, 'take1_host_audio.wav')),
  };
  const foxFiles = { camera: join(out, 'take1_firefox_camera.webm'), audio: join(out, 'take1_firefox_audio.wav') };
  // kept beside the downloaded files, with the manifest, to place the beeps again by hand (a failed check too)
  writeFileSync(join(out, 'take1_heard.json'), JSON.stringify({ heard: ear.heard(), manifest: manifest1 }));
  Object.assign(figures, await assertAligned(manifest1, {
    'Hana Host': { page: hp, files: hostFiles },
    // The Firefox guest's microphone beeps once a second on the system clock (firefox.mjs). Here,
    // two cores also carrying the Chromium host and the server, Firefox's graph stalls and loses
    // input (45–283 ms at a time, 0.3–0.9 s of a 12 s take): the lossless track fills it, its camera
    // loses it without a gap, and placed whole (session 10) met the lossless track over the take at
    // 0…−131 ms. Placed by the manifest in pieces (its fills), the camera's beeps lay 0.4–3.6 ms from
    // the lossless track's through a take with 886 ms filled in nine places. Its drift read
    // −5,305…+2,035 ppm with blocks stamped when their last quantum was rendered (late by its place
    // in the render's burst), 15 ppm stamped by their quanta's least lateness (BlockStamp).
    'Fox Guest': { page: gp, files: foxFiles },
    // Firefox's lossless track begins at the frame its audio thread's smoothed clock puts at the
    // instant (RenderClock): 0 ms from the Chromium host's in four runs on a loaded machine (up to
    // 14 ms when begun at the first quantum rendered after it, 20 beside a busy loop): the 20.
  }, log));
  // Where the guest's microphone really beeped, heard outside the browser (beep-listener.mjs),
  // against where the manifest places the beeps of the guest's tracks. Firefox hands its audio graph
  // the microphone's input 180–230 ms after PulseAudio delivered it (the same in a bare page, with
  // any latencyHint, PULSE_LATENCY_MSEC or cubeb latency pref; a graph-internal loop measures 0), and
  // no API shows a page that delay: both tracks came out 151–231 ms late in seven runs, nearly the
  // same all through a take. Where they lie is printed, not checked (issue 15 open; a correction needs
  // a figure the page cannot read). How the lossless track kept time against that source is checked:
  // its furthest beep from its median within 40 ms, plus the silence it put in for input Firefox lost
  // (where in the lost stretch the loss was, the stamps cannot tell). Measured 0.6–19.9 ms in quiet
  // runs (0–51 ms filled), 56 beside a busy loop (1,506 filled). The 19.9: Firefox dropped 20 ms of
  // input it held (its delay went from 202 to 181 ms at once, in both tracks), which no stamp shows
  // a page; hence 40, not the 20. The camera file's is printed: Firefox's recorder also loses
  // the time its graph stalls (43 ms at once in one quiet run, where the lossless track kept to 7).
  for (const [kind, file] of Object.entries(foxFiles)) {
    const track = manifest1.tracks.find((t) => t.displayName === 'Fox Guest' && t.kind === kind);
    // the camera in pieces where input was lost, as the manifest's fills say
    const onTake = kind === 'camera' ? cameraOnTake(track, manifest1.tracks.find((t) => t.displayName === 'Fox Guest' && t.kind === 'audio')) : (ms) => track.offsetMs + ms;
    const placedAt = beepOnsets(file).map((t) => Date.parse(manifest1.startedAt) + onTake(t * 1000));
    const vs = againstHeard(placedAt, ear.heard());
    figures[`take1_firefox_${kind}_vsHeardMs`] = vs.medianMs;
    figures[`take1_firefox_${kind}_vsHeardFurthestMs`] = vs.furthestMs;
    figures[`take1_firefox_${kind}_vsHeardRatePpm`] = vs.ratePpm;
    log(`take 1: the Firefox ${kind} track places its beeps ${vs.medianMs} ms from where the microphone's source played them, the furthest ${vs.furthestMs} ms from that (${vs.matched} beeps), its rate against them ${vs.ratePpm} ppm`);
    if (kind === 'audio') {
      // A beep a second: input Firefox lost (silence in the track) takes a beep with each second of it.
      const lostBeeps = Math.ceil(figures.take1_firefox_silenceFilledMs / 1000);
      assert.ok(vs.matched >= 8 - lostBeeps, `take 1: only ${vs.matched} of the Firefox lossless track's beeps were heard outside (${figures.take1_firefox_silenceFilledMs} ms of input lost)`);
      assert.ok(Math.abs(vs.furthestMs) < 40 + figures.take1_firefox_silenceFilledMs,
        `take 1: the Firefox lossless track kept time against its microphone's source to ${vs.furthestMs} ms (${figures.take1_firefox_silenceFilledMs} ms filled)`);
    }
  }
  for (const [kind, file] of Object.entries(foxFiles)) {
    const beat = beatKept(beepOnsets(file), 1000);
    figures[`take1_firefox_${kind}_meanBeatGapMs`] = beat.meanGapMs;
    figures[`take1_firefox_${kind}_worstBeatGapErrorMs`] = beat.worstGapErrorMs;
    figures[`take1_firefox_${kind}_worstOffBeatMs`] = beat.worstOffBeatMs;
    log(`take 1: the Firefox ${kind} track kept its microphone's 1 s beat with gaps of ${beat.meanGapMs} ms on average, the worst ${beat.worstGapErrorMs} ms off; the beep furthest from the beat ${beat.worstOffBeatMs} ms`);
  }

  // Both lossless tracks keep the wall clock: the Chromium host's recorder takes every sample from
  // its microphone; both started at the synced start and stopped on the same record-stopped.
  const wavSeconds = (name) => {
    const t = manifest1.tracks.find((x) => x.displayName === name && x.kind === 'audio');
    return t.samples / t.sampleRate;
  };
  figures.take1_firefox_vs_host_audio_ms = Math.round((wavSeconds('Fox Guest') - wavSeconds('Hana Host')) * 1000);
  log(`take 1: Firefox's lossless track ${figures.take1_firefox_vs_host_audio_ms} ms longer than the host's (${figures.take1_firefox_silenceFilledMs} ms of it silence for input Firefox lost); its camera ${figures.take1_firefox_audio_vs_camera_ms} ms shorter than its lossless track`);
  // Measured −182…+22 ms, −284 in a full run on loaded cores, −445 beside other tenants' load
  // (1,535 ms lost and filled); before the filler, 3–4.7 s short. Bounded at 800: the gap filler
  // cannot judge a loss in the last three quarters of a second (a late last block cannot be told
  // from one), and leaves up to 10 ms unfilled.
  assert.ok(Math.abs(figures.take1_firefox_vs_host_audio_ms) < 800, `take 1: the Firefox guest's lossless track is ${figures.take1_firefox_vs_host_audio_ms} ms longer than the host's`);

  // ---- take 2: the Firefox guest is killed 17 s in and reopened on its profile (what it kept,
  // some 15 s, holds two of Firefox's keyframes, 7.4–9.5 s apart: two cue points)
  await hp.getByRole('button', { name: 'Record' }).click();
  await awaitText(gp, /Recording starts/);
  await countdownOver();
  const started = Date.now();
  await sleep(17_000);
  figures.guestBytesAtRiskBeforeKill = await gp.evaluate(() => window.__podster.bytesAtRisk());
  // what Firefox's graph had lost of the take so far (its camera file loses that time too)
  figures.take2_firefox_silenceFilledMsBeforeKill = await gp.evaluate(() => window.__podster.trackStarts().filter((s) => s.kind === 'audio').at(-1)?.filledMs ?? 0);
  const recordedBeforeKill = (Date.now() - started) / 1000;
  killFirefox(guestProfile);
  log(`Firefox killed ${recordedBeforeKill.toFixed(1)} s into take 2 with ${figures.guestBytesAtRiskBeforeKill} bytes in IndexedDB`);
  await Promise.race([guest.close().catch(() => {}), sleep(3000)]);
  await hp.getByRole('button', { name: 'Stop recording' }).click();

  const reopenedAt = Date.now();
  guest = await launchFirefox(guestProfile, audio);
  const gp2 = await guest.newPage();
  gp2.on('pageerror', (e) => problems.push(`reopened guest page error: ${e.message}`));
  await gp2.goto(`${base}/`);
  await awaitText(gp2, /All recordings saved — safe to close/, 60_000);
  figures.reopenToSavedMs = Date.now() - reopenedAt;
  log(`reopened Firefox finished its tracks ${figures.reopenToSavedMs} ms after relaunch`);
  const take2 = await awaitTakeComplete(hp, room.id, 4, { notId: take1.id });
  const mine2 = take2.tracks.filter((t) => t.displayName === 'Fox Guest');
  const camera2 = await assertCamera(host, mine2.find((t) => t.kind === 'camera'), 'take2_firefox_camera');
  figures.guestLostCameraSeconds = Number((recordedBeforeKill - camera2.lastFrame).toFixed(2));
  // the last second's slice may die with the tab, and Firefox's camera file is short by what its graph lost (take 1)
  const graphLost = figures.take2_firefox_silenceFilledMsBeforeKill / 1000;
  assert.ok(camera2.lastFrame >= recordedBeforeKill - 2.5 - graphLost, `guest kept ${camera2.lastFrame}s of ${recordedBeforeKill}s (${graphLost} s of input lost by Firefox's graph)`);
  const audio2 = await assertWav(host, mine2.find((t) => t.kind === 'audio'), 'take2_firefox_audio');
  figures.guestLostAudioSeconds = Number((recordedBeforeKill - audio2.duration).toFixed(2));
  assert.ok(audio2.duration >= recordedBeforeKill - 2.5, `guest kept ${audio2.duration}s of audio of ${recordedBeforeKill}s`);
  assert.deepEqual((await takes(hp, room.id)).length, 2);
  assert.deepEqual(problems, []);
  console.log(`FIREFOX FIGURES ${JSON.stringify(figures)}`);
  console.log(`e2e firefox guest: passed in ${log.elapsedSeconds().toFixed(0)} s`);
} finally {
  await host.close().catch(() => {});
  await Promise.race([guest.close().catch(() => {}), sleep(5000)]);
  ear.stop();
  audio.stop();
}
