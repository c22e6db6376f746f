// One Chromium, no peers: the host records a take alone and the downloaded file must be playable
// and seekable (Duration, SeekHead → Cues on clusters, a seek that reads little). Quicker than
// studio.mjs and independent of WebRTC; for checking the recorder's file on its own.
// Usage: node e2e/solo-take.mjs http://127.0.0.1:8080 [seconds]
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowser, watchProblems } from './browser.mjs';
import { webmSeekIndex } from './webm-cues.mjs';

const [base, seconds = '12'] = process.argv.slice(2);
assert.ok(base, 'usage: solo-take.mjs BASE_URL [seconds]');
const out = mkdtempSync(join(tmpdir(), 'podster-solo-'));
const browser = await launchBrowser();
try {
  const page = await browser.newPage();
  const problems = watchProblems(page);
  await page.goto(`${base}/#signup`);
  await page.getByLabel('Email').fill(`solo-${Date.now()}@example.com`);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByLabel('Display name').fill('Solo');
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByLabel('Room name').fill('Solo');
  await page.getByRole('button', { name: 'New room' }).click();
  await page.getByRole('link', { name: 'Solo' }).waitFor();
  const room = (await page.evaluate(async () => (await fetch('/api/rooms')).json())).rooms[0];
  await page.goto(`${base}/rooms/${room.id}`);
  await page.getByRole('button', { name: 'Join' }).click();
  await page.getByRole('button', { name: 'Record' }).click();
  await page.getByRole('button', { name: 'Stop recording' }).waitFor();
  await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
  await page.getByRole('button', { name: 'Stop recording' }).click();
  await page.getByText('All recordings saved — safe to close').waitFor({ timeout: 60_000 });
  const [take] = (await page.evaluate(async (id) => (await fetch(`/api/rooms/${id}/takes`)).json(), room.id)).takes;
  for (const t of take.tracks) {
    const res = await page.request.get(`${base}/api/recordings/${t.recordingId}/download`);
    assert.equal(res.status(), 200);
    const body = await res.body();
    const file = join(out, `${t.kind}.webm`);
    writeFileSync(file, body);
    const index = webmSeekIndex(new Uint8Array(body));
    const duration = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).toString());
    // Chrome's own blocks repeat a timestamp now and then: ffmpeg says so, once per repeat
    const decode = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'null', '-']).stderr.toString().trim().split('\n').filter(Boolean);
    const seekLog = spawnSync('ffmpeg', ['-v', 'debug', '-ss', String(Number(seconds) - 3), '-i', file, '-frames:v', '1', '-f', 'null', '-']).stderr.toString();
    const [, seekBytes, seeks] = /Statistics: (\d+) bytes read, (\d+) seeks/.exec(seekLog) ?? [];
    console.log(`${t.kind}: ${file} ${body.length} bytes, ffprobe duration ${duration}s, ${JSON.stringify(index)}; ` +
      `seeking to ${Number(seconds) - 3}s reads ${seekBytes} bytes with ${seeks} seeks; decoding: ${decode.length} messages${decode.length ? `, first: ${decode[0]}` : ''}`);
    assert.ok(duration > Number(seconds) - 2, `${t.kind}: duration ${duration}`);
    assert.ok(index.cuePoints > 0 && index.seekHeadFindsCues && index.cuesOnClusters && index.hasDuration, `${t.kind}: not seekable`);
    assert.ok(Number(seekBytes) < body.length / 2, `${t.kind}: seeking read ${seekBytes} of ${body.length} bytes`);
  }
  assert.deepEqual(problems, []);
  console.log('e2e solo take: passed');
} finally {
  await browser.close();
}
