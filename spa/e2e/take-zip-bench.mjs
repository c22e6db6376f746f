// Benchmark, not a test: the tab's memory and throughput while Download take zips a large take.
// A host records a short real take in a detached Chromium (see launchDetached: DevTools attached
// all along would keep every response body), then Node uploads synthetic tracks into that take
// through the API and presigned PUTs (two "camera" WebMs of random bytes and two 24-bit WAVs, about
// GIB GiB in all). The tab presses Download take (browser download through the service worker);
// while it zips, its renderer's RSS is read from /proc every 250 ms and its JS heap over a brief
// CDP attach every 2 s (with ArrayBuffer stores before and after a forced GC). Prints peak RSS and
// heap against the take's size, MB/s, and unzip -t (a GIB past 4 makes the ZIP ZIP64).
// Usage: node e2e/take-zip-bench.mjs BASE_URL [GIB=1]
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { attach, launchDetached, newProfile } from './browser.mjs';
import { STUDIO_ARGS, awaitTakeComplete, hostOpensRoom, logger, sleep, until } from './studio-steps.mjs';

const base = process.argv[2];
const gib = Number(process.argv[3] ?? 1);
assert.ok(base && gib > 0, 'usage: take-zip-bench.mjs BASE_URL [GIB]');
const log = logger('take-zip');
const MB = 1024 * 1024;
const PART = 256 * MB;

const profile = newProfile();
const downloads = join(profile, 'downloads');
mkdirSync(join(profile, 'Default'), { recursive: true });
mkdirSync(downloads);
// no prompt, straight into our folder: the download runs with nothing attached
writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ download: { default_directory: downloads, prompt_for_download: false, directory_upgrade: true } }));

/** The renderer holding the page (the largest one) of this browser, from /proc. */
function rendererRss() {
  const rows = execFileSync('ps', ['-eo', 'pid=,args=']).toString().split('\n').filter((l) => l.includes(`--user-data-dir=${profile}`) && l.includes('--type=renderer'));
  return Math.max(0, ...rows.map((l) => {
    try {
      return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${Number(l.trim().split(/\s+/)[0])}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      return 0;
    }
  }));
}

async function jsHeap(endpoint) {
  const a = await attach(endpoint);
  const page = a.context.pages().find((p) => p.url().startsWith(base)) ?? a.page;
  const cdp = await a.context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const m = Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((x) => [x.name, x.value]));
  const { backingStorageSize = 0 } = await cdp.send('Runtime.getHeapUsage');
  // what is still live once garbage is collected: the part that would grow with the take
  await cdp.send('HeapProfiler.collectGarbage');
  const live = (await cdp.send('Runtime.getHeapUsage')).backingStorageSize ?? 0;
  await a.detach();
  return { heap: m.JSHeapUsedSize, buffers: backingStorageSize, liveBuffers: live };
}

/** Uploads `bytes` as one track of the take, from Node with the host's session: nothing passes through the tab. */
async function uploadTrack(api, roomId, takeId, kind, mimeType, head, bytes) {
  const rec = (await api('POST', '/api/recordings', { roomId, takeId, kind, mimeType })).recording;
  const sizes = [];
  for (let left = bytes; left > 0; left -= PART) sizes.push(Math.min(PART, left));
  const { parts } = await api('POST', `/api/recordings/${rec.id}/parts`, { parts: sizes.map((size, i) => ({ partNumber: i + 1, size })) });
  const fill = Buffer.alloc(PART);
  for (let i = 0; i < PART; i += 4) fill.writeUInt32LE((Math.imul(i, 2654435761) ^ (kind.length << 24)) >>> 0, i);
  const done = [];
  for (const [i, p] of parts.entries()) {
    const body = Buffer.from(fill.subarray(0, sizes[i]));
    if (i === 0) head.copy(body);
    const res = await fetch(p.url, { method: 'PUT', body });
    assert.equal(res.status, 200, `PUT part ${p.partNumber}`);
    done.push({ partNumber: p.partNumber, etag: res.headers.get('etag') });
  }
  await api('POST', `/api/recordings/${rec.id}/complete`, { parts: done, durationMs: 60_000 });
  return rec.id;
}

/** A canonical 24-bit PCM WAV header for `dataBytes` of stereo 48 kHz. */
function wavHead(dataBytes) {
  const h = Buffer.alloc(44);
  h.write('RIFF', 0); h.writeUInt32LE(36 + dataBytes, 4); h.write('WAVEfmt ', 8); h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20); h.writeUInt16LE(2, 22); h.writeUInt32LE(48_000, 24); h.writeUInt32LE(48_000 * 6, 28);
  h.writeUInt16LE(6, 32); h.writeUInt16LE(24, 34); h.write('data', 36); h.writeUInt32LE(dataBytes, 40);
  return h;
}

const { proc, endpoint } = await launchDetached(profile, STUDIO_ARGS);
try {
  let a = await attach(endpoint);
  const room = await hostOpensRoom(a.page, base, { roomName: 'Bench' });
  await a.page.getByRole('button', { name: 'Record' }).click();
  await a.page.getByRole('button', { name: 'Stop recording' }).waitFor();
  await sleep(4000);
  await a.page.getByRole('button', { name: 'Stop recording' }).click();
  const take = await awaitTakeComplete(a.page, room.id, 2, { timeoutMs: 60_000 });
  const cookies = await a.context.cookies(base);
  await a.page.goto(`${base}/`);
  await a.detach();
  const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const csrf = cookies.find((c) => c.name === 'podster_csrf')?.value;
  const api = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, { method, headers: { Cookie: cookie, 'X-CSRF-Token': csrf, Origin: base, 'Content-Type': 'application/json' }, body: body && JSON.stringify(body) });
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const total = gib * 1024 * MB;
  const wavBytes = Math.floor((total * 0.1) / 6) * 6;
  const camBytes = Math.floor(total * 0.4);
  const t0 = Date.now();
  for (const [kind, mime, head, n] of [['camera', 'video/webm', Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), camBytes], ['audio', 'audio/wav', wavHead(wavBytes), wavBytes + 44],
    ['camera', 'video/webm', Buffer.from([0x1a, 0x45, 0xdf, 0xa3]), camBytes], ['audio', 'audio/wav', wavHead(wavBytes), wavBytes + 44]]) {
    await uploadTrack(api, room.id, take.id, kind, mime, head, n);
  }
  const manifest = await api('GET', `/api/rooms/${room.id}/takes/${take.id}/manifest`);
  const takeBytes = manifest.tracks.reduce((n, t) => n + (t.size ?? 0), 0);
  log(`take of ${(takeBytes / MB).toFixed(0)} MB in ${manifest.tracks.length} tracks uploaded in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

  a = await attach(endpoint);
  const page = a.context.pages().find((p) => p.url().startsWith(base));
  await page.evaluate(() => Object.defineProperty(window, 'showSaveFilePicker', { value: undefined }));
  const button = page.locator(`li[data-take-id="${take.id}"]`).getByRole('button', { name: 'Download take' });
  await button.waitFor({ timeout: 20_000 });
  const idle = { rss: rendererRss(), ...(await jsHeap(endpoint)) };
  const started = Date.now();
  await button.click();
  await a.detach();
  const samples = [];
  let nextHeap = 0;
  let zip;
  for (;;) {
    const s = { t: (Date.now() - started) / 1000, rss: rendererRss() };
    if (Date.now() >= nextHeap) {
      Object.assign(s, await jsHeap(endpoint));
      nextHeap = Date.now() + 2000;
    }
    samples.push(s);
    const files = readdirSync(downloads);
    zip = files.find((f) => f.endsWith('.zip'));
    if (zip && !files.some((f) => f.endsWith('.crdownload'))) break;
    assert.ok(Date.now() - started < 30 * 60_000, 'the download did not finish in 30 min');
    await sleep(250);
  }
  const seconds = (Date.now() - started) / 1000;
  const zipBytes = statSync(join(downloads, zip)).size;
  const peak = (k) => Math.max(...samples.filter((s) => s[k] != null).map((s) => s[k]));
  const test = execFileSync('unzip', ['-t', join(downloads, zip)], { maxBuffer: 1 << 26 }).toString();
  assert.match(test, /No errors detected/);
  console.log('t(s)   rss(MB) heap(MB) buffers(MB) buffersAfterGc(MB)');
  for (const s of samples.filter((s) => s.heap != null)) console.log(`${s.t.toFixed(1).padStart(6)} ${(s.rss / MB).toFixed(0).padStart(7)} ${(s.heap / MB).toFixed(1).padStart(8)} ${(s.buffers / MB).toFixed(1).padStart(10)} ${(s.liveBuffers / MB).toFixed(1).padStart(10)}`);
  const figures = {
    takeMB: Math.round(takeBytes / MB), zipMB: Math.round(zipBytes / MB), seconds: Number(seconds.toFixed(1)),
    throughputMBps: Number((zipBytes / MB / seconds).toFixed(1)),
    idleRssMB: Math.round(idle.rss / MB), peakRssMB: Math.round(peak('rss') / MB),
    idleHeapMB: Number((idle.heap / MB).toFixed(1)), peakHeapMB: Number((peak('heap') / MB).toFixed(1)), peakBuffersMB: Number((peak('buffers') / MB).toFixed(1)), peakBuffersAfterGcMB: Number((peak('liveBuffers') / MB).toFixed(1)),
    unzipT: 'No errors detected', zip64: zipBytes > 2 ** 32,
  };
  console.log(`TAKE ZIP FIGURES ${JSON.stringify(figures)}`);
} finally {
  proc.kill();
  rmSync(downloads, { recursive: true, force: true }); // a GiB-sized ZIP per run
}
