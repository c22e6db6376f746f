// Records the getStats() reports kept as test fixtures (src/rtc/fixtures/{chromium,firefox}-call.json):
// two RTCPeerConnections in one page on loopback, fake camera and microphone both ways, and two
// reports of the first connection taken `gap` seconds apart, as the call telemetry samples them.
// Chromium and Firefox name and place their figures differently (the selected pair, round-trip
// time, freezes), which the summary must handle. Remake with:
//   node e2e/make-stats-fixtures.mjs [gapSeconds]
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowserAt, newProfile } from './browser.mjs';
import { launchFirefox } from './firefox.mjs';

const gapMs = Number(process.argv[2] ?? 3) * 1000;
const dir = join(dirname(fileURLToPath(import.meta.url)), '../src/rtc/fixtures');

/** Runs in the page: a call between two local connections; returns two reports of the first. */
async function recordCall(gap) {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  const a = new RTCPeerConnection();
  const b = new RTCPeerConnection();
  a.onicecandidate = (e) => e.candidate && b.addIceCandidate(e.candidate);
  b.onicecandidate = (e) => e.candidate && a.addIceCandidate(e.candidate);
  for (const t of stream.getTracks()) {
    a.addTrack(t, stream);
    b.addTrack(t.clone(), stream);
  }
  await a.setLocalDescription();
  await b.setRemoteDescription(a.localDescription);
  await b.setLocalDescription();
  await a.setRemoteDescription(b.localDescription);
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  for (let i = 0; i < 200 && a.connectionState !== 'connected'; i++) await sleep(50);
  await sleep(2000);
  // the certificates' fingerprints and DER are long and say nothing about call quality
  const read = async () => [...(await a.getStats()).values()].filter((s) => s.type !== 'certificate');
  const first = await read();
  await sleep(gap);
  const second = await read();
  a.close();
  b.close();
  stream.getTracks().forEach((t) => t.stop());
  return { userAgent: navigator.userAgent, gapMs: gap, reports: [first, second] };
}

// getUserMedia needs a secure context: http://127.0.0.1 is one
const server = createServer((_req, res) => res.end('<!doctype html><title>fixture</title>'));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const url = `http://127.0.0.1:${server.address().port}/`;
try {
  for (const name of ['chromium', 'firefox']) {
    const profile = name === 'chromium' ? newProfile() : mkdtempSync(join(tmpdir(), 'podster-ff-stats-'));
    const browser = name === 'chromium' ? await launchBrowserAt(profile) : await launchFirefox(profile);
    try {
      const page = await browser.newPage();
      await page.goto(url);
      const recorded = await page.evaluate(recordCall, gapMs);
      const file = join(dir, `${name}-call.json`);
      writeFileSync(file, `${JSON.stringify(recorded, null, 1)}\n`);
      console.log(`${file}: ${recorded.reports[1].length} stats, ${recorded.userAgent}`);
    } finally {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    }
  }
} finally {
  server.close();
}
