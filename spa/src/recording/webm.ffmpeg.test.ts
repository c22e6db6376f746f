/// <reference types="node" />
/**
 * The real check: a WebM encoded by ffmpeg, reshaped like Chrome's MediaRecorder output (no
 * SeekHead, no Cues, unknown-size Segment and Clusters), and a real Firefox recording (its muxer's
 * empty SeekHead, a Duration of 0; fixtures/firefox-vp8-opus.webm, made by
 * e2e/make-firefox-fixture.mjs), each recorded through the uploader in arbitrary chunks and parts,
 * then read back by ffprobe, ffmpeg and mkvinfo. Skipped where ffmpeg is not installed
 * (scripts/prerequisites installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { hasTool } from '../test/has-tool';
import { ID, element, idBytes } from './ebml';
import { HARNESS_PART_BYTES, recordThroughUploader } from './upload-harness';
import { cut, inspect, walk } from './webm-test-support';

/** Node's Buffer.slice() shares memory; the uploader gets plain copies, like MediaRecorder's. */
const readBytes = (path: string) => new Uint8Array(readFileSync(path));
const run = (tool: string, args: string[]) => execFileSync(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

const dir = mkdtempSync(join(tmpdir(), 'podster-webm-'));
const haveFfmpeg = hasTool('ffmpeg') && hasTool('ffprobe');

/** Drops what MediaRecorder does not write and makes the Segment and every Cluster unknown-size. */
function likeChrome(file: Uint8Array): Uint8Array {
  const [ebml, segment] = walk(file);
  const unknown = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  const out: number[] = [...file.subarray(ebml!.at, ebml!.end), ...idBytes(ID.Segment), ...unknown];
  for (const e of segment!.children!) {
    if (e.id === ID.Info) out.push(...element(ID.Info, e.children!.filter((c) => c.id !== ID.Duration).flatMap((c) => [...file.subarray(c.at, c.end)])));
    if (e.id === ID.Tracks) out.push(...file.subarray(e.at, e.end));
    if (e.id === ID.Cluster) out.push(...idBytes(ID.Cluster), ...unknown, ...file.subarray(e.dataAt, e.end));
  }
  return new Uint8Array(out);
}

/**
 * Sends `file` through the uploader in random chunks (parts of 64 KiB); returns the stored file.
 * With `crashAt`, the page dies after that many bytes and a reloaded page finishes the take.
 */
async function record(file: Uint8Array, seed: number, crashAt?: number, durationMs = 12_000): Promise<Uint8Array> {
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ends: number[] = [];
  const stopAt = crashAt ?? file.length;
  for (let at = 0; at < stopAt; ) ends.push((at += 1 + Math.floor(random() * 60_000)));
  const chunks = cut(file.subarray(0, stopAt), ends);
  // the page's clock runs with the bytes: a take cut short ends as long after its start as its bytes go
  const recordedMs = crashAt === undefined ? durationMs : (durationMs * crashAt) / file.length;
  const stored = await recordThroughUploader({ chunks, mimeType: 'video/webm;codecs=vp8,opus', durationMs: recordedMs, crash: crashAt !== undefined });
  expect(stored.length).toBeGreaterThan(2 * HARNESS_PART_BYTES); // three parts or more
  return stored;
}

/** Bytes ffmpeg reads, and how often it seeks, to decode one frame at `at` s (from its I/O statistics). */
function costToSeek(path: string, at = 8): { bytes: number; seeks: number } {
  const log = spawnSync('ffmpeg', ['-v', 'debug', '-ss', String(at), '-i', path, '-frames:v', '1', '-f', 'null', '-']).stderr.toString();
  const [, bytes, seeks] = /Statistics: (\d+) bytes read, (\d+) seeks/.exec(log) ?? [];
  return { bytes: Number(bytes), seeks: Number(seeks) };
}

const frameAt = (path: string, at: number) => run('ffmpeg', ['-v', 'error', '-ss', String(at), '-i', path, '-frames:v', '1', '-f', 'framemd5', '-']).split('\n').filter((l) => l && !l.startsWith('#'));
const frameAt8 = (path: string) => frameAt(path, 8);
const probedDuration = (path: string) => Number(run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]));

/** mkvinfo (a second reader) finds the Cues with this many points, and nothing to complain about. */
function mkvinfoReads(path: string, cuePoints: number): void {
  if (!hasTool('mkvinfo', '--version')) return;
  const info = run('mkvinfo', ['-v', '-v', path]);
  expect(info).toMatch(/\+ Cues/);
  expect(info.match(/\+ Cue point/g)).toHaveLength(cuePoints);
  expect(info).not.toMatch(/error|warning/i);
}

describe.skipIf(!haveFfmpeg)('a real WebM, finished chunk by chunk', () => {
  const encoded = join(dir, 'ffmpeg.webm');
  execFileSync('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30', '-f', 'lavfi', '-i', 'sine', '-t', '12',
    '-c:v', 'libvpx', '-g', '60', '-b:v', '1M', '-c:a', 'libopus', '-cluster_time_limit', '1000', encoded,
  ]);
  const chromeLike = join(dir, 'chrome-like.webm');
  writeFileSync(chromeLike, likeChrome(readBytes(encoded)));

  it('gets Cues that ffmpeg and mkvinfo read, a Duration, and seeks without scanning', async () => {
    const out = join(dir, 'finished.webm');
    writeFileSync(out, await record(readBytes(chromeLike), 11));
    const seen = inspect(readBytes(out));
    // keyframes every 2 s: 0, 2, … 10
    expect(seen.cues.map((c) => Math.round(c.time / 1000))).toEqual([0, 2, 4, 6, 8, 10]);
    expect(seen.seeks.map((s) => s.finds)).toEqual([ID.Info, ID.Tracks, ID.Cues]);
    expect(Number(run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', out]))).toBeCloseTo(12, 0);
    expect(run('ffmpeg', ['-v', 'error', '-i', out, '-f', 'null', '-'])).toBe('');
    // the same frame ffmpeg finds in its own file, read with far fewer bytes than without cues
    expect(frameAt8(out)).toEqual(frameAt8(encoded));
    const withCues = costToSeek(out);
    const without = costToSeek(chromeLike);
    console.log(`seeking to 8 s: ${JSON.stringify(withCues)} with cues, ${JSON.stringify(without)} without`);
    expect(withCues.bytes).toBeLessThan(without.bytes / 2);
    if (hasTool('mkvinfo', '--version')) {
      const info = run('mkvinfo', ['-v', '-v', out]);
      expect(info).toMatch(/\+ Cues/);
      expect(info.match(/\+ Cue point/g)).toHaveLength(6);
      expect(info).not.toMatch(/error|warning/i);
    }
  }, 60_000);

  it.each([
    ['between two clusters', 0],
    ['in the middle of a block', 1000],
  ])('resumed after a crash %s, it plays and seeks: trimmed to its last whole element', async (_name, into) => {
    const chrome = readBytes(chromeLike);
    const seventh = inspect(chrome).clusters[7]!.at;
    const out = join(dir, `crashed-${into}.webm`);
    writeFileSync(out, await record(chrome, 5, seventh + into));
    const seen = inspect(readBytes(out));
    expect(seen.cues.map((c) => Math.round(c.time / 1000))).toEqual([0, 2, 4, 6]); // the keyframes before the cut (about 7 s)
    expect(seen.seeks.map((s) => s.finds)).toEqual([ID.Info, ID.Tracks, ID.Cues]);
    expect(seen.duration).toBeGreaterThan(0);
    expect(run('ffmpeg', ['-v', 'error', '-i', out, '-f', 'null', '-'])).toBe('');
    expect(costToSeek(out).seeks).toBeGreaterThan(1);
  }, 60_000);
});

describe.skipIf(!haveFfmpeg)('a real Firefox WebM (its muxer’s header), finished chunk by chunk', () => {
  const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'firefox-vp8-opus.webm');
  const firefox = readBytes(fixture);
  // the fixture as Firefox wrote it: 17 s, keyframes at 0, 7.75 and 15.29 s, an empty SeekHead, a Duration of 0
  const recordedMs = 17_000;

  it('gets a Duration and Cues in place of Firefox’s empty ones, decodes cleanly, seeks without scanning', async () => {
    expect(inspect(firefox).duration).toBe(0);
    expect(inspect(firefox).hasCues).toBe(false);
    const out = join(dir, 'firefox-finished.webm');
    writeFileSync(out, await record(firefox, 7, undefined, recordedMs));
    const seen = inspect(readBytes(out));
    expect(seen.seeks.map((s) => s.finds)).toEqual([ID.Info, ID.Tracks, ID.Cues]);
    expect(seen.cues.map((c) => Math.round(c.time / 1000))).toEqual([0, 8, 15]);
    expect(seen.cues.every((c) => c.cluster >= 0 && c.track === 1)).toBe(true);
    // the Duration is where the media ends (ffprobe: last Opus packet 16.399 s + 20 ms), not the page's 17 s
    // from start() to the recorder's late stop event
    expect(Math.abs(probedDuration(out) - 16.419)).toBeLessThan(0.03);
    expect(run('ffmpeg', ['-v', 'error', '-i', out, '-f', 'null', '-'])).toBe('');
    expect(frameAt(out, 16)).toEqual(frameAt(fixture, 16));
    const withCues = costToSeek(out, 16);
    const without = costToSeek(fixture, 16);
    console.log(`Firefox, seeking to 16 s: ${JSON.stringify(withCues)} with cues, ${JSON.stringify(without)} as Firefox wrote it (${firefox.length} bytes)`);
    expect(withCues.bytes).toBeLessThan(without.bytes / 2);
    mkvinfoReads(out, 3);
  }, 60_000);

  it.each([
    ['between two clusters', 0],
    ['in the middle of a block', 1000],
  ])('resumed after a crash %s, it has its Duration and Cues, and seeks', async (_name, into) => {
    const tenth = inspect(firefox).clusters[10]!.at;
    const out = join(dir, `firefox-crashed-${into}.webm`);
    writeFileSync(out, await record(firefox, 3, tenth + into, recordedMs));
    const seen = inspect(readBytes(out));
    expect(seen.cues.map((c) => Math.round(c.time / 1000))).toEqual([0, 8]); // the keyframes before the cut (about 10 s)
    expect(seen.seeks.map((s) => s.finds)).toEqual([ID.Info, ID.Tracks, ID.Cues]);
    expect(probedDuration(out)).toBeGreaterThan(9);
    expect(probedDuration(out)).toBeLessThan(11.5);
    expect(run('ffmpeg', ['-v', 'error', '-i', out, '-f', 'null', '-'])).toBe('');
    expect(costToSeek(out, 9).bytes).toBeLessThan(costToSeek(fixture, 9).bytes / 2);
    mkvinfoReads(out, 2);
  }, 60_000);
});
