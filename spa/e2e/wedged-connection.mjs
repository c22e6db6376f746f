// A call whose first peer connection never comes up still gets media flowing: in both browsers the
// first RTCPeerConnection is made deaf to the other side's ICE candidates (as Chromium's own wedge,
// a connection that never gathers, leaves it), so only the mesh's watchdog can save the call: the
// impolite side replaces its connection, the other follows the new DTLS fingerprint.
// Usage: node e2e/wedged-connection.mjs http://127.0.0.1:8080
import assert from 'node:assert/strict';
import { launchBrowserAt, newProfile, watchProblems } from './browser.mjs';
import { STUDIO_ARGS, awaitBothSee, guestJoins, hostOpensRoom, logger } from './studio-steps.mjs';

const base = process.argv[2];
assert.ok(base, 'usage: wedged-connection.mjs BASE_URL');
const log = logger('wedged');

/** Makes the page's first peer connection never learn a remote candidate; keeps every connection in window.__pcs. */
function wedgeFirstConnection() {
  const Native = window.RTCPeerConnection;
  window.__pcs = [];
  window.RTCPeerConnection = function (...args) {
    const pc = new Native(...args);
    window.__pcs.push(pc);
    if (window.__pcs.length === 1) {
      const setRemote = pc.setRemoteDescription.bind(pc);
      pc.setRemoteDescription = (d) => setRemote(d?.sdp ? { type: d.type, sdp: d.sdp.replace(/a=candidate:[^\r\n]*\r\n/g, '') } : d);
      pc.addIceCandidate = async () => {};
    }
    return pc;
  };
  window.RTCPeerConnection.prototype = Native.prototype;
}

const host = await launchBrowserAt(newProfile(), STUDIO_ARGS);
const guest = await launchBrowserAt(newProfile(), STUDIO_ARGS);
try {
  const hp = await host.newPage();
  const gp = await guest.newPage();
  const problems = [...watchProblems(hp), ...watchProblems(gp)];
  await hp.addInitScript(wedgeFirstConnection);
  await gp.addInitScript(wedgeFirstConnection);
  const room = await hostOpensRoom(hp, base);
  const joinedAt = await guestJoins(gp, base, room);
  await awaitBothSee(hp, gp, 40_000);
  const states = async (p) => p.evaluate(() => window.__pcs.map((pc) => pc.connectionState));
  const [h, g] = [await states(hp), await states(gp)];
  log(`media flowing ${Date.now() - joinedAt} ms after Join; connections host ${h.join(',')}, guest ${g.join(',')}`);
  assert.deepEqual([h[0], g[0]], ['closed', 'closed'], 'both wedged connections were replaced');
  assert.ok(h.includes('connected') && g.includes('connected'), 'a replacement connected');
  assert.deepEqual(problems, []);
  console.log('e2e wedged connection: passed');
} finally {
  await host.close().catch(() => {});
  await guest.close().catch(() => {});
}
