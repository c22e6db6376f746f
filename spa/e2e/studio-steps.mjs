// Steps of the studio that several end-to-end scripts (and the memory benchmark) take the same way:
// a host signs up and opens a room, a guest joins by invite, both wait to see each other, a take is
// awaited until every track is complete, a downloaded track is read with ffprobe.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';

/** Fake devices only play without a click when autoplay needs no gesture. */
export const STUDIO_ARGS = ['--autoplay-policy=no-user-gesture-required'];

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A console logger that stamps each line with the seconds since it was made. */
export function logger(tag) {
  const t0 = Date.now();
  const log = (...a) => console.log(`[${tag} +${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);
  log.elapsedSeconds = () => (Date.now() - t0) / 1000;
  return log;
}

export async function until(what, fn, timeoutMs = 60_000, everyMs = 200) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(everyMs);
  }
}

export const remoteVideoPlaying = (page) =>
  page.evaluate(() => [...document.querySelectorAll('video[data-peer-id]')].some((v) => v.videoWidth > 0));

export const takes = (page, roomId) => page.evaluate(async (id) => (await (await fetch(`/api/rooms/${id}/takes`)).json()).takes, roomId);

/** With STUDIO_DEBUG set: the page's console, and its peer connections kept for {@link dumpCall}. */
export async function debugPage(name, page) {
  if (!process.env.STUDIO_DEBUG) return;
  page.on('console', (m) => console.log(`[${name}] ${m.type()}: ${m.text()}`));
  await page.addInitScript(() => {
    const Orig = window.RTCPeerConnection;
    window.__pcs = [];
    window.RTCPeerConnection = function (...a) {
      const pc = new Orig(...a);
      const n = window.__pcs.push(pc);
      const t0 = performance.now();
      const say = (what) => console.log(`pc${n} +${Math.round(performance.now() - t0)}ms ${what}`);
      for (const e of ['signalingstatechange', 'icegatheringstatechange', 'iceconnectionstatechange', 'connectionstatechange', 'negotiationneeded']) {
        pc.addEventListener(e, () => say(`${e}: ${pc.signalingState}/${pc.iceGatheringState}/${pc.iceConnectionState}/${pc.connectionState}`));
      }
      pc.addEventListener('icecandidate', (e) => say(`icecandidate ${e.candidate ? e.candidate.candidate.split(' ').slice(4, 8).join(' ') : 'end'}`));
      pc.addEventListener('icecandidateerror', (e) => say(`icecandidateerror ${e.errorCode} ${e.errorText} ${e.url ?? ''}`));
      return pc;
    };
    window.RTCPeerConnection.prototype = Orig.prototype;
  });
}

/** Prints what each page's videos and peer connections look like: why media is not flowing. */
export async function dumpCall(pages) {
  for (const [n, p] of Object.entries(pages)) {
    console.log(n, await p.evaluate(() => [...document.querySelectorAll('video')].map((v) => `${v.getAttribute('aria-label')} peer=${v.dataset.peerId} w=${v.videoWidth} src=${!!v.srcObject}`).join(' | ')));
    console.log(n, await p.evaluate(async () => Promise.all((window.__pcs ?? []).map(async (pc) => {
      const st = [...(await pc.getStats()).values()].filter((x) => x.type === 'inbound-rtp' || x.type === 'candidate-pair' || x.type === 'local-candidate').map((x) => `${x.type}:${x.kind ?? ''}${x.state ?? ''}${x.framesDecoded ?? ''}${x.address ?? ''}`);
      return `${pc.signalingState}/${pc.iceConnectionState}/${pc.connectionState}/${pc.iceGatheringState} L=${pc.localDescription?.type} R=${pc.remoteDescription?.type} T=${pc.getTransceivers().map((t) => t.currentDirection).join('+')} cands=${(pc.remoteDescription?.sdp.match(/a=candidate/g) ?? []).length} ${st.join(',')}`;
    }))));
  }
}

/** Signs a fresh host up, creates a room, opens it and joins the call; returns the room. */
export async function hostOpensRoom(hp, base, { displayName = 'Hana Host', roomName = 'Studio', quality = null } = {}) {
  await hp.goto(`${base}/#signup`);
  await hp.getByLabel('Email').fill(`studio-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`);
  await hp.getByLabel('Password').fill('correct horse battery');
  await hp.getByLabel('Display name').fill(displayName);
  await hp.getByRole('button', { name: 'Sign up' }).click();
  await hp.getByLabel('Room name').fill(roomName);
  await hp.getByRole('button', { name: 'New room' }).click();
  await hp.getByRole('link', { name: roomName }).waitFor();
  const room = (await hp.evaluate(async () => (await fetch('/api/rooms')).json())).rooms[0];
  await hp.goto(`${base}/rooms/${room.id}`);
  // the lobby says what will be recorded once the camera and the unprocessed microphone are open
  const line = hp.locator('[data-recording-format]');
  await until('the lobby names the lossless track', async () => /lossless/.test(await line.textContent()), 20_000, 100);
  const announced = await line.textContent();
  // what the browser would not give the recorded microphone (one processing per device, in Chromium)
  const note = hp.locator('[data-recording-processing]');
  const processingNote = (await note.count()) > 0 ? await note.textContent() : null;
  if (quality) {
    const saved = hp.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith(`/api/rooms/${room.id}`));
    await hp.getByLabel('Recording quality').selectOption(quality);
    await saved;
  }
  await hp.getByRole('button', { name: 'Join' }).click();
  await hp.getByRole('button', { name: 'Record' }).waitFor();
  return { ...room, announced, processingNote };
}

/** The guest opens the invite, names themselves (and ticks headphones) and joins; returns when (Date.now()) they pressed Join. */
export async function guestJoins(gp, base, room, displayName = 'Gus Guest', { headphones = false } = {}) {
  await gp.goto(`${base}/join/${room.inviteCode}`);
  await gp.getByLabel('Display name').fill(displayName);
  await gp.locator('video').first().waitFor();
  if (headphones) await gp.getByLabel("I'm wearing headphones").check();
  const pressedAt = Date.now();
  await gp.getByRole('button', { name: 'Join' }).click();
  return pressedAt;
}

/** Waits until each page decodes the other's video; on a timeout prints why first. */
export async function awaitBothSee(hp, gp, timeoutMs = 30_000) {
  await until('both see the other', async () => (await remoteVideoPlaying(gp)) && (await remoteVideoPlaying(hp)), timeoutMs, 20).catch(async (e) => {
    await dumpCall({ host: hp, guest: gp });
    throw e;
  });
}

/**
 * The host presses Record; once the guest's page shows the take running (the countdown over: the
 * recorders start at its end), returns that moment (Date.now()).
 */
export async function startTake(hp, gp) {
  await hp.getByRole('button', { name: 'Record' }).click();
  await gp.getByText(/Recording starts/).waitFor();
  await gp.getByText('Recording', { exact: true }).waitFor({ timeout: 6000 });
  return Date.now();
}

/** The newest take once it has {@code tracks} tracks, all complete (and is not {@code notId}). */
export async function awaitTakeComplete(page, roomId, tracks, { timeoutMs = 60_000, notId = null, others = [] } = {}) {
  let last = null;
  try {
    return await until(`take with ${tracks} complete tracks`, async () => {
      const [t] = await takes(page, roomId);
      last = t;
      return t && t.id !== notId && t.tracks.length === tracks && t.tracks.every((x) => x.state === 'complete') ? t : null;
    }, timeoutMs, 100);
  } catch (e) {
    // What was missing, for whoever reads the failure.
    const uploadsOf = (p) => p.evaluate(() => window.__podster?.uploads?.()).catch((err) => `unreadable: ${err.message}`);
    const uploads = await uploadsOf(page);
    const theirs = [];
    for (const p of others) theirs.push(await uploadsOf(p));
    throw new Error(`${e.message}; last seen ${JSON.stringify(last?.tracks?.map((x) => [x.displayName, x.kind, x.state]))}; this page's uploads ${JSON.stringify(uploads)}` +
      (others.length ? `; the other pages' uploads ${JSON.stringify(theirs)}` : ''));
  }
}

/**
 * Seconds the server says {@code track} of {@code take} covers: from its first sample (the take's
 * startedAt + offsetMs) to the take's stoppedAt. What a file's length is checked against, rather
 * than the test's own timers, which a loaded machine stretches (a late Stop click is a longer take).
 */
export function serverSeconds(take, track) {
  assert.ok(take.stoppedAt, `take ${take.id} has not stopped`);
  return (Date.parse(take.stoppedAt) - Date.parse(take.startedAt) - track.offsetMs) / 1000;
}

/**
 * Bytes ffmpeg reads to decode one frame `at` seconds in (its I/O statistics), by the Cues or, with
 * `ignoreCues`, as a reader without them must (+ignidx): from the start.
 */
export function bytesToSeek(file, at, { ignoreCues = false } = {}) {
  const err = spawnSync('ffmpeg', ['-v', 'debug', ...(ignoreCues ? ['-fflags', '+ignidx'] : []), '-ss', String(at), '-i', file, '-frames:v', '1', '-f', 'null', '-']).stderr.toString();
  return Number(/Statistics: (\d+) bytes read/.exec(err)?.[1]);
}

/** Downloads a recording through the API's 302 with the context's cookies (Node side) into {@code file}. */
export async function downloadViaApi(context, base, recordingId, file) {
  const res = await context.request.get(`${base}/api/recordings/${recordingId}/download`);
  assert.equal(res.status(), 200, `download ${recordingId}`);
  writeFileSync(file, await res.body());
  return file;
}

/**
 * How many parts the store assembled the recording from: a multipart object's ETag ends in `-N`
 * (read with a one-byte ranged GET through the API's 302).
 */
export async function storedParts(context, base, recordingId) {
  const res = await context.request.get(`${base}/api/recordings/${recordingId}/download`, { headers: { Range: 'bytes=0-0' } });
  assert.ok(res.status() === 206 || res.status() === 200, `ranged download ${recordingId}: ${res.status()}`);
  const etag = res.headers()['etag'] ?? '';
  const n = /-(\d+)"?$/.exec(etag);
  assert.ok(n, `recording ${recordingId}: ETag ${etag} is not a multipart object's`);
  return Number(n[1]);
}

/** Downloads as a person does: clicks the track's Download link on the dashboard and saves the file. */
export async function downloadViaLink(page, linkName, file) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: linkName }).click()]);
  assert.equal(await download.failure(), null, `download ${linkName}`);
  await download.saveAs(file);
  return file;
}

/** Reads a downloaded track with ffprobe: its header duration, its last video frame and frame count, its frame size. */
export function probeFile(file) {
  const header = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString().trim());
  const pts = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', file])
    .toString().trim().split('\n').map(Number).filter((n) => !Number.isNaN(n));
  const [width, height] = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file])
    .toString().trim().split(',').map(Number);
  return { header, lastFrame: Math.max(...pts), frames: pts.length, width, height };
}

/** Reads a downloaded lossless track: codec, rate, bits, duration, and whether ffmpeg decodes it without a word. */
export function probeAudio(file) {
  const out = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,sample_rate,bits_per_sample:format=duration,format_name', '-of', 'default=nw=1', file]).toString();
  const f = Object.fromEntries(out.trim().split('\n').map((l) => l.split('=')));
  const decode = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']);
  return { format: f.format_name, codec: f.codec_name, sampleRate: Number(f.sample_rate), bits: Number(f.bits_per_sample), duration: Number(f.duration), size: statSync(file).size, decodeErrors: decode.stderr.toString().trim() };
}

/**
 * A person's lossless track: 24-bit PCM WAV at the microphone's own rate that decodes cleanly.
 * Chromium's fake microphone runs at 44.1 kHz without processing (48 kHz only through the
 * processing the lossless track turns off); a real one mostly at 48 kHz.
 */
export function assertLossless(a, name) {
  assert.equal(a.format, 'wav', `${name}: ${JSON.stringify(a)}`);
  assert.equal(a.codec, 'pcm_s24le', `${name}: ${JSON.stringify(a)}`);
  assert.ok([44_100, 48_000].includes(a.sampleRate), `${name}: ${JSON.stringify(a)}`);
  assert.equal(a.decodeErrors, '', `${name}: ffmpeg says ${a.decodeErrors}`);
}

/** The file name a downloaded track gets: `.wav` for the lossless track, `.webm` for the rest. */
export const trackFile = (t) => `${t.displayName.split(' ')[0]}_${t.kind}.${t.kind === 'audio' ? 'wav' : 'webm'}`;
