// A guest's track outlives the guest's session: the guest records, the browser is killed mid-take,
// the guest's session is revoked on the server (as an expiry or logout would), and the same browser
// profile, reopened on the invite link and signed in as nobody, still finishes the track by the
// upload token it kept in IndexedDB. The host then downloads a track as long as what was recorded.
// Usage: node e2e/guest-session-gone.mjs http://127.0.0.1:8080
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killBrowser, launchBrowserAt, newProfile, watchProblems } from './browser.mjs';
import {
  STUDIO_ARGS as ARGS, assertLossless, awaitBothSee, awaitTakeComplete, downloadViaApi, guestJoins, hostOpensRoom, logger, probeAudio, probeFile,
  sleep, startTake, takes,
} from './studio-steps.mjs';

const base = process.argv[2];
assert.ok(base, 'usage: guest-session-gone.mjs BASE_URL');
const log = logger('guest-session-gone');
const hostProfile = newProfile();
const guestProfile = newProfile();
const host = await launchBrowserAt(hostProfile, ARGS);
let guest = await launchBrowserAt(guestProfile, ARGS);
const problems = [];
try {
  const hp = await host.newPage();
  problems.push(...watchProblems(hp));
  hp.on('dialog', (d) => void d.accept());
  const room = await hostOpensRoom(hp, base);
  const gp = await guest.newPage();
  problems.push(...watchProblems(gp));
  await guestJoins(gp, base, room);
  await awaitBothSee(hp, gp);

  await startTake(hp, gp);
  const guestStarted = Date.now();
  await sleep(6000);
  const atRisk = await gp.evaluate(() => window.__podster.bytesAtRisk());
  const recorded = (Date.now() - guestStarted) / 1000;
  const cookies = Object.fromEntries((await guest.cookies(base)).map((c) => [c.name, c.value]));
  killBrowser(guestProfile);
  await guest.close().catch(() => {});
  log(`guest killed ${recorded.toFixed(1)} s into the take with ${atRisk} bytes in IndexedDB`);
  assert.ok(atRisk > 0, 'the guest had chunks not yet in the store');
  await hp.getByRole('button', { name: 'Stop recording' }).click();

  // The guest's session ends on the server: its row is deleted, its cookies stop working.
  const asGuest = { Cookie: `podster_session=${cookies.podster_session}; podster_csrf=${cookies.podster_csrf}`, Origin: base };
  const logout = await fetch(`${base}/api/auth/logout`, {
    method: 'POST', body: '{}',
    headers: { ...asGuest, 'Content-Type': 'application/json', 'X-CSRF-Token': cookies.podster_csrf },
  });
  assert.equal(logout.status, 204, 'the guest session is revoked');
  assert.equal((await fetch(`${base}/api/me`, { headers: asGuest })).status, 401, 'the guest cookies no longer work');
  const before = (await takes(hp, room.id))[0].tracks.filter((t) => t.displayName === 'Gus Guest');
  assert.deepEqual(before.map((t) => t.state), ['uploading', 'uploading'], 'the guest tracks (camera and lossless audio) wait for its browser');

  // Later the guest reopens the invite link in the same browser profile, signed in as nobody.
  guest = await launchBrowserAt(guestProfile, ARGS);
  const gp2 = await guest.newPage();
  problems.push(...watchProblems(gp2));
  const reopenedAt = Date.now();
  await gp2.goto(`${base}/join/${room.inviteCode}`);
  const take = await awaitTakeComplete(hp, room.id, 4, { timeoutMs: 60_000 }).catch(async (e) => {
    const uploads = await gp2.evaluate(() => window.__podster?.uploads()).catch((x) => String(x));
    throw new Error(`${e.message}; the reopened guest's uploads: ${JSON.stringify(uploads)}`);
  });
  log(`reopened, signed-out browser finished the tracks in ${Date.now() - reopenedAt} ms`);
  await gp2.getByText('All recordings saved — safe to close').waitFor({ timeout: 10_000 });
  assert.equal(await gp2.evaluate(async () => (await fetch('/api/me')).status), 401, 'the reopened browser has no session');
  const track = take.tracks.find((t) => t.displayName === 'Gus Guest' && t.kind === 'camera');
  const audio = take.tracks.find((t) => t.displayName === 'Gus Guest' && t.kind === 'audio');
  const a = probeAudio(await downloadViaApi(host, base, audio.recordingId, join(mkdtempSync(join(tmpdir(), 'podster-gone-')), 'guest.wav')));
  assertLossless(a, 'guest audio');
  assert.ok(a.duration >= recorded - 2.5, `guest kept ${a.duration}s of audio of ${recorded}s`);
  const p = probeFile(await downloadViaApi(host, base, track.recordingId, join(mkdtempSync(join(tmpdir(), 'podster-gone-')), 'guest.webm')));
  log(`guest track: last video frame at ${p.lastFrame}s of ${recorded.toFixed(1)}s recorded, ${p.frames} frames`);
  assert.ok(p.lastFrame >= recorded - 2.5, `guest kept ${p.lastFrame}s of ${recorded}s`);
  assert.deepEqual(problems, []);
  console.log(`e2e guest session gone: passed in ${log.elapsedSeconds().toFixed(0)} s`);
} finally {
  await host.close().catch(() => {});
  await guest.close().catch(() => {});
}
