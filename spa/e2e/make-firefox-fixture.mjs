// Records the Firefox WebM kept as a test fixture (src/recording/fixtures/firefox-vp8-opus.webm):
// Firefox's MediaRecorder, video/webm;codecs=vp8,opus, fake camera and microphone, 1 s slices,
// joined as the uploader joins them. Firefox's muxer writes its own header (a SeekHead, Duration 0,
// other element order), which the finisher must handle. Remake with:
//   node e2e/make-firefox-fixture.mjs [seconds]
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchFirefox } from './firefox.mjs';

const seconds = Number(process.argv[2] ?? 17);
const target = join(dirname(fileURLToPath(import.meta.url)), '../src/recording/fixtures/firefox-vp8-opus.webm');

// getUserMedia needs a secure context: http://127.0.0.1 is one
const server = createServer((_req, res) => res.end('<!doctype html><title>fixture</title>'));
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const profile = mkdtempSync(join(tmpdir(), 'podster-ff-fixture-'));
const browser = await launchFirefox(profile);
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  const { mimeType, chunks, userAgent } = await page.evaluate(async (ms) => {
    const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 320, height: 240, frameRate: 30 }, audio: true });
    // a small file: low bitrates (the fixture is about the container, not the picture); long enough
    // for three keyframes (Firefox's VP8 encoder writes one about every 7.5 s)
    const rec = new MediaRecorder(stream, { mimeType: 'video/webm;codecs=vp8,opus', videoBitsPerSecond: 100_000, audioBitsPerSecond: 16_000 });
    const parts = [];
    rec.ondataavailable = (e) => e.data.size && parts.push(e.data);
    const stopped = new Promise((r) => (rec.onstop = r));
    rec.start(1000);
    await new Promise((r) => setTimeout(r, ms));
    rec.stop();
    await stopped;
    stream.getTracks().forEach((t) => t.stop());
    const bytes = await Promise.all(parts.map(async (b) => Array.from(new Uint8Array(await b.arrayBuffer()))));
    return { mimeType: rec.mimeType, chunks: bytes, userAgent: navigator.userAgent };
  }, seconds * 1000);
  const file = Uint8Array.from(chunks.flat());
  writeFileSync(target, file);
  console.log(`${target}: ${file.length} bytes in ${chunks.length} slices (${chunks.map((c) => c.length).join(',')}), ${mimeType}, ${userAgent}`);
} finally {
  await browser.close();
  server.close();
  rmSync(profile, { recursive: true, force: true });
}
