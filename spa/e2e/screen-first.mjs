// A screen share that reaches the other side before the camera is still shown as the screen
// (protocol 2's stream labels). The host shares its screen alone in the room; when the guest joins,
// the host page holds its camera tracks back for a moment (an init script defers their addTrack),
// so the guest's first remote stream is the host's screen. Filed by arrival order, as before the
// labels, it would have been taken for the camera.
// Usage: node e2e/screen-first.mjs http://127.0.0.1:8080
import assert from 'node:assert/strict';
import { launchBrowserAt, newProfile, watchProblems } from './browser.mjs';
import { STUDIO_ARGS as ARGS, dumpCall, guestJoins, hostOpensRoom, logger, until } from './studio-steps.mjs';

const base = process.argv[2];
assert.ok(base, 'usage: screen-first.mjs BASE_URL');
const log = logger('screen-first');
const HOLD_CAMERA_MS = 1500;

/** Host page: remembers which streams are screens and, once one is shared, adds camera tracks late. */
function holdCameraBehindScreen(holdMs) {
  window.__screenIds = [];
  window.__cameraIds = [];
  const display = navigator.mediaDevices.getDisplayMedia.bind(navigator.mediaDevices);
  navigator.mediaDevices.getDisplayMedia = async (c) => {
    const s = await display(c);
    window.__screenIds.push(s.id);
    return s;
  };
  const addTrack = RTCPeerConnection.prototype.addTrack;
  RTCPeerConnection.prototype.addTrack = function (track, ...streams) {
    const id = streams[0]?.id;
    if (!id || window.__screenIds.includes(id) || window.__screenIds.length === 0) return addTrack.call(this, track, ...streams);
    if (!window.__cameraIds.includes(id)) window.__cameraIds.push(id);
    setTimeout(() => {
      if (this.connectionState !== 'closed') addTrack.call(this, track, ...streams);
    }, holdMs);
    return undefined;
  };
}

/** Guest page: the order remote streams arrive in. */
function recordArrivals() {
  window.__arrivals = [];
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('track', (e) => {
        const id = e.streams[0]?.id;
        if (id && !window.__arrivals.includes(id)) window.__arrivals.push(id);
      });
    }
  };
}

const host = await launchBrowserAt(newProfile(), ARGS);
const guest = await launchBrowserAt(newProfile(), ARGS);
const problems = [];
try {
  await host.addInitScript(holdCameraBehindScreen, HOLD_CAMERA_MS);
  await guest.addInitScript(recordArrivals);
  const hp = await host.newPage();
  problems.push(...watchProblems(hp));
  const room = await hostOpensRoom(hp, base);
  await hp.getByRole('button', { name: 'Share screen' }).click();
  await until('the host shares its screen', () => hp.evaluate(() => window.__screenIds.length > 0), 20_000, 100);

  const gp = await guest.newPage();
  problems.push(...watchProblems(gp));
  await guestJoins(gp, base, room);
  const screenIds = await hp.evaluate(() => window.__screenIds);
  // What the guest shows for the host: each tile's label and the stream id it plays.
  const tiles = () =>
    gp.evaluate(() =>
      [...document.querySelectorAll('video')]
        .filter((v) => v.srcObject && v.getAttribute('aria-label')?.startsWith('Hana Host'))
        .map((v) => ({ label: v.getAttribute('aria-label'), stream: v.srcObject.id, width: v.videoWidth })));
  await until('the guest shows the host camera and screen, both playing', async () => {
    const t = await tiles();
    return t.length === 2 && t.every((x) => x.width > 0);
  }, 30_000, 100).catch(async (e) => {
    await dumpCall({ host: hp, guest: gp });
    throw new Error(`${e.message}: ${JSON.stringify(await tiles())}`);
  });
  const arrivals = await gp.evaluate(() => window.__arrivals);
  const cameraIds = await hp.evaluate(() => window.__cameraIds);
  log(`host screen ${screenIds.join(',')}, camera ${cameraIds.join(',')}; arrived at the guest in order ${arrivals.join(', ')}`);
  assert.ok(screenIds.includes(arrivals[0]), 'the screen reached the guest first (else this test tests nothing)');
  const shown = Object.fromEntries((await tiles()).map((t) => [t.label, t.stream]));
  assert.ok(screenIds.includes(shown["Hana Host's screen"]), `the screen tile plays the screen: ${JSON.stringify(shown)}`);
  assert.ok(cameraIds.includes(shown['Hana Host']), `the camera tile plays the camera: ${JSON.stringify(shown)}`);
  assert.deepEqual(problems, []);
  console.log(`e2e screen first: passed in ${log.elapsedSeconds().toFixed(0)} s`);
} finally {
  await host.close().catch(() => {});
  await guest.close().catch(() => {});
}
