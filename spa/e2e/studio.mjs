// The studio end to end, in two real browsers against a running node: host and guest see each
// other; the host records a 10 s take and every track lands complete, playable (ffprobe) and
// seekable (a SeekHead leading to Cues, read by e2e/webm-cues.mjs); then a second take during which
// the guest's browser is killed (SIGKILL) and reopened, and the host's browser loses the object
// store for 20 s. Both tracks of take 2 must still complete.
// After take 1 a dashboard tab downloads the take's ZIP (Download take) and e2e/take-zip-steps.mjs
// checks it: unzip -t, tracks byte for byte, aligned WAVs placed by their offsets, the projects.
// At the end the host renames take 2 on the dashboard and deletes it (e2e/take-view-steps.mjs).
// Meanwhile the browsers' call telemetry must move the podster_call_ series on the admin /metrics.
// Usage: node e2e/studio.mjs http://127.0.0.1:8080 http://127.0.0.1:9464
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killBrowser, launchBrowserAt, newProfile, watchProblems } from './browser.mjs';
import {
  STUDIO_ARGS as ARGS, assertLossless, awaitBothSee, awaitTakeComplete, bytesToSeek, debugPage as debug, downloadViaApi, guestJoins, serverSeconds, storedParts, hostOpensRoom,
  logger, probeAudio, probeFile, remoteVideoPlaying, sleep, takes, until,
} from './studio-steps.mjs';
import { checkTakeZip, downloadTakeZip, zipThroughPicker } from './take-zip-steps.mjs';
import { renameAndDeleteTake } from './take-view-steps.mjs';
import { webmSeekIndex } from './webm-cues.mjs';
import { assertAligned, pageStarts } from './alignment.mjs';
import { assertCallSeriesMoved, callSeries } from './call-metrics-steps.mjs';

const [base, admin] = process.argv.slice(2);
assert.ok(base && admin, 'usage: studio.mjs BASE_URL ADMIN_URL');
const callsBefore = await callSeries(admin);
const out = mkdtempSync(join(tmpdir(), 'podster-studio-'));
const log = logger('studio');
const figures = {};
// Long enough that each lossless WAV (44.1 kHz stereo 24-bit here, 265 KB/s) needs two parts of 5 MiB.
const TAKE1_S = 24;

/** Downloads a recording through the API's 302, reads it with ffprobe, and its seek index with our own EBML walk. */
async function probe(context, recordingId, name) {
  const file = await downloadViaApi(context, base, recordingId, join(out, `${name}.webm`));
  const p = probeFile(file);
  const size = statSync(file).size;
  const cues = webmSeekIndex(new Uint8Array(readFileSync(file)));
  const seekBytes = bytesToSeek(file, Math.max(0, p.lastFrame - 2));
  log(`${name}: ${size} bytes, header duration ${p.header}s, last video frame at ${p.lastFrame}s, ${p.frames} frames; ` +
    `${cues.clusters} clusters, ${cues.cuePoints} cue points at ${cues.cueTimes.join(',')} ms, SeekHead→Cues ${cues.seekHeadFindsCues}, ` +
    `cues on clusters ${cues.cuesOnClusters}${cues.truncated ? ', last frame cut short' : ''}; seeking to ${Math.max(0, p.lastFrame - 2).toFixed(1)}s reads ${seekBytes} bytes`);
  return { ...p, cues, seekBytes, size };
}

/** Downloads a lossless track and reads it with ffprobe. */
async function probeWav(context, recordingId, name) {
  const file = await downloadViaApi(context, base, recordingId, join(out, `${name}.wav`));
  const a = probeAudio(file);
  log(`${name}: ${statSync(file).size} bytes, ${a.format} ${a.codec} ${a.sampleRate} Hz ${a.bits}-bit, ${a.duration}s`);
  assertLossless(a, name);
  return a;
}

/** The file is seekable without a scan: a SeekHead leads to Cues whose every point is a Cluster. */
function assertSeekable(p, name) {
  assert.ok(p.cues.cuePoints > 0 && p.cues.seekHeadFindsCues && p.cues.cuesOnClusters, `${name}: no usable Cues ${JSON.stringify(p.cues)}`);
  assert.ok(p.cues.hasDuration, `${name}: no Duration`);
}

const hostProfile = newProfile();
const guestProfile = newProfile();
const host = await launchBrowserAt(hostProfile, ARGS);
let guest = await launchBrowserAt(guestProfile, ARGS);
const problems = [];
try {
  const hp = await host.newPage();
  problems.push(...watchProblems(hp));
  await debug('host', hp);
  hp.on('dialog', (d) => void d.accept());
  // counts the page's requests for persistent storage (asked before the first take)
  await hp.addInitScript(() => {
    const persist = navigator.storage.persist.bind(navigator.storage);
    window.__persistAsked = 0;
    navigator.storage.persist = () => (window.__persistAsked++, persist());
  });
  const room = await hostOpensRoom(hp, base);

  const gp = await guest.newPage();
  problems.push(...watchProblems(gp));
  await debug('guest', gp);
  const joinedAt = await guestJoins(gp, base, room, 'Gus Guest', { headphones: true });
  const guestSessionAt = Date.now();
  await awaitBothSee(hp, gp);
  figures.joinToFirstRemoteFrameMs = Date.now() - joinedAt;
  // the lossless microphone: no suppression or gain for anyone; echo cancellation only without headphones
  const mic = (p) => until('the lossless microphone', () => p.evaluate(() => window.__podster?.studioMic?.()), 30_000, 100);
  const [hostMic, guestMic] = [await mic(hp), await mic(gp)];
  log(`lossless microphone: host ${JSON.stringify(hostMic)}; guest (headphones) ${JSON.stringify(guestMic)}`);
  assert.deepEqual([hostMic.noiseSuppression, hostMic.autoGainControl], [false, false], 'host (speakers)');
  // Chromium gives one microphone one processing at a time: when it cannot add echo cancellation
  // to the unprocessed track, the lobby must have said so
  if (!hostMic.echoCancellation) assert.match(room.processingNote ?? '', /echo cancellation off/, 'the host lobby did not say what is recorded');
  figures.hostRecordedEchoCancellation = hostMic.echoCancellation;
  assert.deepEqual([guestMic.echoCancellation, guestMic.noiseSuppression, guestMic.autoGainControl], [false, false, false], 'guest (headphones)');
  assert.ok((await hp.evaluate(() => window.__persistAsked)) > 0, 'persistent storage was requested');
  figures.persisted = await hp.evaluate(() => navigator.storage.persisted());
  log(`join → first remote frame both ways: ${figures.joinToFirstRemoteFrameMs} ms`);
  await gp.getByRole('button', { name: 'Mute' }).click();
  await hp.getByText('muted').first().waitFor();
  await gp.getByRole('button', { name: 'Unmute' }).click();

  // Screen share: its own track, a renegotiation; the camera stays up.
  await hp.getByRole('button', { name: 'Share screen' }).click();
  await until('the guest sees the host screen', () =>
    gp.evaluate(() => [...document.querySelectorAll('video')].some((v) => v.getAttribute('aria-label') === "Hana Host's screen" && v.videoWidth > 0)), 20_000, 100);
  assert.ok(await remoteVideoPlaying(gp), 'the host camera still plays after the share');
  log('screen share renegotiated, camera still playing');

  // ---- take 1: TAKE1_S, clean (host camera + host screen + guest camera, and each person's lossless microphone),
  // except that the guest's POST /api/recordings is refused through the countdown and the first 5 s of the take
  let refuseCreatesUntil = Infinity;
  let refusedCreates = 0;
  await gp.route((url) => url.pathname === '/api/recordings', (r) =>
    r.request().method() === 'POST' && Date.now() < refuseCreatesUntil ? (refusedCreates++, r.abort('connectionrefused')) : r.continue());
  await hp.getByRole('button', { name: 'Record' }).click();
  refuseCreatesUntil = Date.now() + 8000;
  // TAKE1_S of take after the 3 s countdown (the recorders start when it ends)
  const riskEnd = Date.now() + (3 + TAKE1_S) * 1000;
  await gp.getByText(/Recording starts/).waitFor();
  await gp.getByText('Recording', { exact: true }).waitFor({ timeout: 6000 });
  let maxRisk = 0;
  // the uploads yield to the call while it records (its getStats read), full speed after Stop
  let pacedToCall = false;
  while (Date.now() < riskEnd) {
    maxRisk = Math.max(maxRisk, await hp.evaluate(() => window.__podster.bytesAtRisk()));
    const pacing = await hp.evaluate(() => window.__podster.uploadPacing());
    pacedToCall ||= pacing.paced && pacing.call?.availableBps > 0;
    await sleep(1000);
  }
  const stopAt = Date.now();
  await hp.getByRole('button', { name: 'Stop recording' }).click();
  const take1 = await awaitTakeComplete(hp, room.id, 5);
  figures.stopToAllCompleteMs = Date.now() - stopAt;
  figures.maxIndexedDbBytesAtRiskHost = maxRisk;
  // the call has been up for 15 s and more: both browsers' telemetry reached /metrics
  Object.assign(figures, assertCallSeriesMoved(callsBefore, await callSeries(admin), 2));
  log(`stop → all tracks complete: ${figures.stopToAllCompleteMs} ms; IndexedDB bytes at risk (host, max during take): ${maxRisk}`);
  await hp.getByText('All recordings saved — safe to close').waitFor();
  assert.ok(pacedToCall, 'the host uploads were never paced to the call during the take');
  await until('uploads at full speed after Stop', async () => !(await hp.evaluate(() => window.__podster.uploadPacing())).paced, 5000, 100);
  await gp.unroute((url) => url.pathname === '/api/recordings');
  assert.ok(refusedCreates >= 2, `the guest's creates were refused ${refusedCreates} times`);
  figures.guestCreatesRefused = refusedCreates;
  const cameraSeconds = {};
  for (const t of take1.tracks.filter((x) => x.kind !== 'audio')) {
    const name = `${t.displayName.split(' ')[0]}_${t.kind}`;
    const p = await probe(host, t.recordingId, `take1-${name}`);
    if (t.kind === 'camera') {
      // the fake camera asked for 1080p records 1080p; the call itself is capped at 720p
      assert.deepEqual([p.width, p.height], [1920, 1080], `take 1 ${name}: ${p.width}×${p.height}`);
      cameraSeconds[t.displayName] = p.header;
      figures[`take1_${name}_kbps`] = Math.round((p.size * 8) / p.header / 1000);
    }
    // The take lasted what the server says (TAKE1_S and more on a loaded machine, where the Stop
    // click comes late: CI's run failed a fixed 24 ± 2 s on a 26.28 s camera); each file must cover
    // it, ending when the stop reached its recorder (measured 0.50–0.69 s after the server's stoppedAt).
    const covers = serverSeconds(take1, t);
    assert.ok(covers > TAKE1_S - 1, `take 1 ${name}: the server says the track covers ${covers}s of a ${TAKE1_S}s take`);
    figures[`take1_${name}_vs_server_ms`] = Math.round((p.header - covers) * 1000);
    assert.ok(p.header > covers - 1 && p.header < covers + 2, `take 1 ${name}: header duration ${p.header}s, the server's take covers ${covers}s`);
    // a still screen yields few frames; the camera's last frame marks the end
    if (t.kind === 'camera') assert.ok(p.lastFrame > covers - 1.5 && p.lastFrame < covers + 2, `take 1 ${name}: last frame ${p.lastFrame}s, the server's take covers ${covers}s`);
    assertSeekable(p, `take 1 ${name}`);
    figures[`take1_${name}_s`] = p.header;
    figures[`take1_${name}_cuePoints`] = p.cues.cuePoints;
    figures[`take1_${name}_seekReadsPercent`] = Math.round((100 * p.seekBytes) / p.size);
  }
  for (const t of take1.tracks.filter((x) => x.kind === 'audio')) {
    const name = `${t.displayName.split(' ')[0]}_audio`;
    const a = await probeWav(host, t.recordingId, `take1-${name}`);
    const parts = await storedParts(host, base, t.recordingId);
    figures[`take1_${name}_parts`] = parts;
    assert.ok(parts >= 2, `take 1 ${name}: ${parts} part(s); the WAV's header must be finished in part 1 of several`);
    // where each file ends on the take's time line: its offset plus its length
    const camera = take1.tracks.find((x) => x.kind === 'camera' && x.displayName === t.displayName);
    const apart = Math.abs(t.offsetMs / 1000 + a.duration - (camera.offsetMs / 1000 + cameraSeconds[t.displayName]));
    figures[`take1_${name}_endVsCameraEnd_ms`] = Math.round(apart * 1000);
    if (t.displayName === 'Hana Host') {
      // what the lobby said will be recorded is what was recorded
      log(`the lobby announced "${room.announced}"`);
      assert.match(room.announced, /^1920×1080 · \d+ fps · lossless [\d.]+ kHz audio$/);
      assert.ok(room.announced.endsWith(`lossless ${Math.round(a.sampleRate / 100) / 10} kHz audio`), `the lobby said "${room.announced}", the file is ${a.sampleRate} Hz`);
    }
    // The camera's Duration is where its media ends, the WAV's its sample count; both end at the
    // Stop, but the camera begins where its recorder did (up to 124 ms after the lossless track: by
    // length alone Gus's were 255 ms apart in a loaded run), so their ends are held together on the
    // take's time line; where they start is checked by their sounds below. The lossless track puts silence where the microphone's
    // input was lost (both people lost 90–100 ms at once late in a local run, 150 ms filled in all),
    // which the camera's recorder may lose without a word; and the Stop reaches the two recorders
    // apart on a loaded page (CI's run: 113 ms between them, what was filled not printed; a full run
    // here: Gus's camera, begun 146 ms after his lossless track, ended 158 ms after it with nothing
    // filled, its beeps within 2 ms of the WAV's all through, so 250). A lost 1 s slice or a misread
    // rate (44.1 kHz as 48: 2 s here) still fails it.
    const audioStart = (await pageStarts(t.displayName === 'Hana Host' ? hp : gp, take1.id)).find((s) => s.kind === 'audio');
    const filledMs = audioStart?.filledMs ?? 0;
    figures[`take1_${name}_filledMs`] = filledMs;
    // how long the tap took to hand over its last samples at Stop (CI's failure: a WAV 0.58 s short
    // of its camera, nothing filled, when the flush gave up at a fixed 2 s after the Stop)
    figures[`take1_${name}_flushMs`] = audioStart?.flush?.ms ?? null;
    assert.ok(apart * 1000 < 250 + filledMs, `take 1 ${name}: ${a.duration}s of audio from ${t.offsetMs} ms against ${cameraSeconds[t.displayName]}s of camera from ${camera.offsetMs} ms, ${filledMs} ms of it filled; its flush at Stop ${JSON.stringify(audioStart?.flush)}`);
    assert.equal(audioStart?.flush?.ended, 'finished', `take 1 ${name}: the lossless tap's flush at Stop ${JSON.stringify(audioStart?.flush)}`);
  }
  // placed by the manifest alone, the take's tracks line up
  const manifest1 = await hp.evaluate(async ([r, t]) => (await fetch(`/api/rooms/${r}/takes/${t}/manifest`)).json(), [room.id, take1.id]);
  const files = (who) => ({ camera: join(out, `take1-${who}_camera.webm`), audio: join(out, `take1-${who}_audio.wav`) });
  Object.assign(figures, await assertAligned(manifest1, { 'Hana Host': { page: hp, files: files('Hana') }, 'Gus Guest': { page: gp, files: files('Gus') } }, log));
  log(`take 1 alignment: ${JSON.stringify(figures)}`);
  // the whole take as one ZIP, from a dashboard tab: the server hands out URLs, the store the bytes
  const zip = await downloadTakeZip(host, base, take1.id, join(out, 'take1.zip'));
  const zipped = await checkTakeZip(host, base, room.id, zip.file, out);
  figures.takeZipBytes = statSync(zip.file).size;
  figures.takeZipSeconds = zip.seconds;
  figures.takeZipServerBytes = zip.serverBytes;
  figures.takeZipServerShare = Number((zip.serverBytes / zipped.mediaBytes).toFixed(5));
  log(`Download take: ${zipped.entries} entries, ${figures.takeZipBytes} bytes in ${zip.seconds.toFixed(1)} s; ` +
    `${zip.serverBytes} bytes through Podster for ${zipped.mediaBytes} of media; aligned ${JSON.stringify(zipped.aligned)}`);
  assert.ok(zip.progress.some((p) => / % · [\d.]+ MB of [\d.]+ MB$/.test(p)), `progress shown while zipping: ${JSON.stringify(zip.progress.slice(0, 5))}`);
  assert.ok(zip.serverBytes < zipped.mediaBytes / 100, `${zip.serverBytes} bytes went through Podster for ${zipped.mediaBytes} of media`);
  // and through the save picker (File System Access): the same bytes
  assert.equal(await zipThroughPicker(host, base, take1.id), createHash('sha256').update(readFileSync(zip.file)).digest('hex'), 'the picked file differs from the download');
  await hp.getByRole('button', { name: 'Stop sharing' }).click();
  await hp.getByRole('button', { name: 'Share screen' }).waitFor();

  // ---- take 2: the guest's browser dies mid-take; the host loses the store for 20 s
  // Chromium writes cookies to disk in batches (about every 30 s): let the guest's session reach the disk.
  await sleep(Math.max(0, guestSessionAt + 32_000 - Date.now()));
  await hp.getByRole('button', { name: 'Record' }).click();
  await gp.getByText(/Recording starts/).waitFor();
  // the recorders start when the countdown ends
  await gp.getByText('Recording', { exact: true }).waitFor({ timeout: 6000 });
  const guestStarted = Date.now();
  await sleep(6000);
  figures.guestBytesAtRiskBeforeKill = await gp.evaluate(() => window.__podster.bytesAtRisk());
  const recordedBeforeKill = (Date.now() - guestStarted) / 1000;
  killBrowser(guestProfile);
  log(`guest killed ${recordedBeforeKill.toFixed(1)} s into take 2 with ${figures.guestBytesAtRiskBeforeKill} bytes in IndexedDB`);
  await guest.close().catch(() => {});

  let blocked = true;
  await hp.route((url) => !url.href.startsWith(base), (r) => (blocked ? r.abort('connectionrefused') : r.continue()));
  await sleep(3000);
  await hp.getByRole('button', { name: 'Stop recording' }).click();
  const blockedAt = Date.now();
  await hp.getByText(/still uploading/).waitFor();

  guest = await launchBrowserAt(guestProfile, ARGS);
  const gp2 = await guest.newPage();
  problems.push(...watchProblems(gp2));
  await gp2.goto(`${base}/`);
  await gp2.getByText('All recordings saved — safe to close').waitFor({ timeout: 60_000 });
  log('reopened guest browser finished its track');

  await sleep(Math.max(0, blockedAt + 20_000 - Date.now()));
  const [, hostTrackBefore] = [0, (await takes(hp, room.id))[0].tracks.find((t) => t.displayName === 'Hana Host')];
  assert.notEqual(hostTrackBefore?.state, 'complete', 'the host track cannot be complete while the store is unreachable');
  blocked = false;
  const unblockedAt = Date.now();
  log('object store reachable again after 20 s');
  const take2 = await awaitTakeComplete(hp, room.id, 4, { notId: take1.id, timeoutMs: 60_000 });
  figures.unreachableStoreRecoveryMs = Date.now() - unblockedAt;
  await hp.getByText('All recordings saved — safe to close').waitFor();
  for (const t of take2.tracks) {
    const who = t.displayName.split(' ')[0];
    if (t.kind === 'audio') {
      // the guest's recovered WAV is valid and ends on a whole frame (ffmpeg decodes it without a word)
      const a = await probeWav(host, t.recordingId, `take2-${who}_audio`);
      if (who === 'Gus') {
        figures.guestLostAudioSeconds = Number((recordedBeforeKill - a.duration).toFixed(2));
        assert.ok(a.duration >= recordedBeforeKill - 2.5, `guest kept ${a.duration}s of audio of ${recordedBeforeKill}s`);
      } else assert.ok(a.duration > 7, `host take 2 audio ${a.duration}`);
      continue;
    }
    const p = await probe(host, t.recordingId, `take2-${who}`);
    if (who === 'Gus') {
      // resumed by a reloaded page: Cues only when the killed page's last chunk ended between elements
      figures.take2_guest_cuePoints = p.cues.cuePoints;
      figures.guestLostSeconds = Number((recordedBeforeKill - p.lastFrame).toFixed(2));
      assert.ok(p.lastFrame >= recordedBeforeKill - 2.5, `guest kept ${p.lastFrame}s of ${recordedBeforeKill}s`);
    } else {
      assert.ok(p.header > 7, `host take 2 duration ${p.header}`);
      assertSeekable(p, 'host take 2');
      figures.take2_host_cuePoints = p.cues.cuePoints;
    }
  }
  // the dashboard's take view: the host renames take 2, then deletes it (asked first) and its tracks are gone
  log(`Rename take and Delete take: ${await renameAndDeleteTake(host, base, room.id, take2.id)} tracks deleted`);
  assert.deepEqual(problems, []);
  console.log(`STUDIO FIGURES ${JSON.stringify(figures)}`);
  console.log(`e2e studio: passed in ${log.elapsedSeconds().toFixed(0)} s`);
} finally {
  await host.close().catch(() => {});
  await guest.close().catch(() => {});
}
