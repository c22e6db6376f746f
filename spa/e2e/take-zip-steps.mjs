// The take's ZIP as a person gets it: a dashboard tab presses Download take (the service-worker
// download: the File System Access picker needs a person to answer it), the browser saves the
// file, and the checks the issue names run on it with the real tools (unzip, ffprobe, ffmpeg,
// xmllint). Bytes through the Podster server while it zips are counted from the tab's own requests.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadViaApi } from './studio-steps.mjs';

const run = (tool, args) => execFileSync(tool, args, { maxBuffer: 1 << 30 }).toString();

/** Opens the dashboard in a new tab of `context`, presses the take's Download take, saves the ZIP; returns it and the server's share. */
export async function downloadTakeZip(context, base, takeId, file) {
  const dash = await context.newPage();
  // the picker would wait for a person: this tab takes the browser-download path
  await dash.addInitScript(() => {
    Object.defineProperty(window, 'showSaveFilePicker', { value: undefined });
    // every progress text the button's line shows, however briefly
    window.__takeProgress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('progress[aria-label="Take download"]');
      if (bar) window.__takeProgress.push(bar.nextElementSibling?.textContent ?? '');
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await dash.goto(`${base}/`);
  const take = dash.locator(`li[data-take-id="${takeId}"]`);
  const button = take.getByRole('button', { name: 'Download take' });
  await button.waitFor({ timeout: 15_000 });
  let serverBytes = 0;
  const counting = [];
  dash.on('requestfinished', (r) => {
    if (!r.url().startsWith(base)) return;
    counting.push(r.sizes().then(async (s) => {
      if ((await r.response())?.fromServiceWorker()) return; // the ZIP itself, made in the tab
      serverBytes += s.requestHeadersSize + s.requestBodySize + s.responseHeadersSize + s.responseBodySize;
    }));
  });
  const started = Date.now();
  const [download] = await Promise.all([dash.waitForEvent('download', { timeout: 120_000 }), button.click()]);
  assert.match(download.suggestedFilename(), /^podster-take-\d+-[\d-]+\.zip$/);
  await download.saveAs(file);
  assert.equal(await download.failure(), null, 'the take download failed');
  await take.getByText(/^Saved podster-take-/).waitFor({ timeout: 30_000 });
  const seconds = (Date.now() - started) / 1000;
  const progress = await dash.evaluate(() => window.__takeProgress);
  await Promise.all(counting);
  await dash.close();
  return { file, serverBytes, seconds, progress };
}

function firstLoudFrame(file) {
  const pcm = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 's32le', '-ac', '1', '-'], { maxBuffer: 1 << 30 });
  const s = new Int32Array(pcm.buffer, pcm.byteOffset, pcm.byteLength >> 2);
  return s.findIndex((v) => Math.abs(v) > 2 ** 31 / 100);
}
const probe = (file) => JSON.parse(run('ffprobe', ['-v', 'error', '-show_entries', 'stream=sample_rate:format=duration', '-of', 'json', file]));

/**
 * Checks the saved ZIP against the take: unzip -t, every complete track byte for byte as the
 * store holds it, each aligned WAV starting at 0 and lasting its offset plus its own length with
 * its first sound where the offset puts it, the manifest, and the three projects naming every file.
 */
export async function checkTakeZip(context, base, roomId, zipFile, out) {
  assert.match(run('unzip', ['-t', zipFile]), /No errors detected/);
  const dir = join(out, 'unzipped');
  mkdirSync(dir, { recursive: true });
  run('unzip', ['-q', '-o', zipFile, '-d', dir]);
  const names = run('unzip', ['-Z1', zipFile]).trim().split('\n');
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
  const complete = manifest.tracks.filter((t) => t.state === 'complete');
  const stored = names.filter((n) => /^\d\d-.+\.(webm|wav|mp4)$/.test(n));
  assert.equal(stored.length, complete.length, `tracks in the ZIP: ${names.join(', ')}`);
  const figures = { entries: names.length, mediaBytes: 0, aligned: [] };
  for (const [i, t] of complete.entries()) {
    const name = stored[i];
    assert.match(name, new RegExp(`^${String(i + 1).padStart(2, '0')}-.+-${t.kind}\\.`), `entry for ${t.displayName}'s ${t.kind}`);
    const object = await downloadViaApi(context, base, t.recordingId, join(out, `object-${i}`));
    const inZip = readFileSync(join(dir, name));
    assert.ok(inZip.equals(readFileSync(object)), `${name} differs from its stored object`);
    figures.mediaBytes += inZip.length;
    if (t.kind !== 'audio') continue;
    const aligned = join(dir, 'aligned', name);
    const a = probe(aligned);
    const s = probe(join(dir, name));
    const rate = Number(a.streams[0].sample_rate);
    const firstPts = Number(run('ffprobe', ['-v', 'error', '-read_intervals', '%+#1', '-show_entries', 'packet=pts_time', '-of', 'csv=p=0', aligned]).trim());
    assert.equal(firstPts, 0, `${name}: aligned copy starts at ${firstPts}`);
    // the aligner stretches a track whose measured drift is at least 5 ppm (export/aligner's DRIFT_THRESHOLD_PPM)
    const ratio = Math.abs(t.driftPpm ?? 0) >= 5 ? 1 + t.driftPpm / 1e6 : 1;
    const want = t.offsetMs / 1000 + Number(s.format.duration) / ratio;
    assert.ok(Math.abs(Number(a.format.duration) - want) < 2.5 / rate, `${name}: aligned lasts ${a.format.duration}s, offset + length is ${want}s`);
    const pad = Math.round((t.offsetMs * rate) / 1000);
    const [alignedFirst, storedFirst] = [firstLoudFrame(aligned), firstLoudFrame(join(dir, name))];
    assert.ok(storedFirst >= 0, `${name}: no sound at all`);
    const expected = pad + Math.round(storedFirst / ratio);
    assert.ok(Math.abs(alignedFirst - expected) <= 1, `${name}: first sound at frame ${alignedFirst}, the offset says ${pad} + ${storedFirst} (drift ratio ${ratio})`);
    figures.aligned.push({ name, offsetMs: t.offsetMs, driftPpm: t.driftPpm ?? null, durationS: Number(a.format.duration), firstSoundFrame: alignedFirst });
  }
  const base_ = names.find((n) => n.endsWith('.otio')).replace(/\.otio$/, '');
  const otio = JSON.parse(readFileSync(join(dir, `${base_}.otio`), 'utf8'));
  assert.equal(otio.OTIO_SCHEMA, 'Timeline.1');
  const fcpxml = join(dir, `${base_}.fcpxml`);
  run('xmllint', ['--noout', fcpxml]);
  const rpp = readFileSync(join(dir, `${base_}.rpp`), 'utf8');
  for (const [i, t] of complete.entries()) {
    const file = stored[i];
    const clip = otio.tracks.children[i].children.find((c) => c.OTIO_SCHEMA === 'Clip.2');
    assert.equal(clip.media_references.DEFAULT_MEDIA.target_url, file);
    const gap = otio.tracks.children[i].children.find((c) => c.OTIO_SCHEMA === 'Gap.1');
    assert.equal(gap ? gap.source_range.duration.value : 0, Math.max(0, Math.round(t.offsetMs)), `${file}: OTIO offset`);
    const offset = run('xmllint', ['--xpath', `string(//asset-clip[@ref=//asset[media-rep/@src="${encodeURIComponent(file)}"]/@id]/@offset)`, fcpxml]).trim();
    assert.equal(offset, Math.round(t.offsetMs) > 0 ? `${Math.round(t.offsetMs)}/1000s` : '0s', `${file}: FCPXML offset`);
    assert.ok(rpp.includes(`POSITION ${(Math.max(0, Math.round(t.offsetMs)) / 1000).toFixed(3)}`) && rpp.includes(`FILE "${file}"`), `${file}: RPP`);
  }
  assert.equal(manifest.roomId, roomId);
  return figures;
}

/**
 * The other sink: where File System Access exists the ZIP goes into the file the person picks.
 * The picker is answered with a file in the origin's private file system; returns the SHA-256 of
 * what landed there, which must equal the downloaded ZIP's (the same take zips to the same bytes).
 */
export async function zipThroughPicker(context, base, takeId) {
  const dash = await context.newPage();
  await dash.addInitScript(() => {
    window.showSaveFilePicker = async ({ suggestedName }) => (await navigator.storage.getDirectory()).getFileHandle(suggestedName, { create: true });
  });
  await dash.goto(`${base}/`);
  const take = dash.locator(`li[data-take-id="${takeId}"]`);
  await take.getByRole('button', { name: 'Download take' }).click();
  const saved = await take.getByText(/^Saved podster-take-/).textContent({ timeout: 60_000 });
  const hash = await dash.evaluate(async (name) => {
    const file = await (await (await navigator.storage.getDirectory()).getFileHandle(name)).getFile();
    return [...new Uint8Array(await crypto.subtle.digest('SHA-256', await file.arrayBuffer()))].map((b) => b.toString(16).padStart(2, '0')).join('');
  }, saved.replace(/^Saved /, ''));
  await dash.close();
  return hash;
}
