/// <reference types="node" />
/**
 * The real check: a WebM encoded by ffmpeg, reshaped like Chrome's MediaRecorder output (no
 * SeekHead, no Cues, unknown-size Segment and Clusters), recorded through the uploader in
 * arbitrary chunks and parts, then read back by ffprobe, ffmpeg and mkvinfo. Skipped where ffmpeg
 * is not installed (scripts/prerequisites installs it).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { RecordingDb } from './db';
import { ID, element, idBytes } from './ebml';
import { Uploader, type UploadApi } from './uploader';
import { cut, inspect, walk } from './webm-test-support';

/** Node's Buffer.slice() shares memory; the uploader gets plain copies, like MediaRecorder's. */
const readBytes = (path: string) => new Uint8Array(readFileSync(path));
const has = (tool: string, flag = '-version') => {
  try {
    execFileSync(tool, [flag], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
};
const run = (tool: string, args: string[]) => execFileSync(tool, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

const dir = mkdtempSync(join(tmpdir(), 'podster-webm-'));
const haveFfmpeg = has('ffmpeg') && has('ffprobe');

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
async function record(file: Uint8Array, seed: number, crashAt?: number): Promise<Uint8Array> {
  const stored = new Map<number, Uint8Array>();
  const api: UploadApi = {
    createRecording: vi.fn(async () => ({ recording: { id: 'rec1' } as never })),
    presignParts: vi.fn(async (_id, asked: { partNumber: number; size: number }[]) => ({ parts: asked.map(({ partNumber: n, size }) => ({ partNumber: n, size, url: `https://store/p${n}`, expiresAt: '' })) })),
    listParts: vi.fn(async () => ({ parts: [] })),
    completeRecording: vi.fn(async () => ({ recording: { id: 'rec1' } as never })),
    deleteRecording: vi.fn(async () => undefined),
  };
  const fetch = (async (url: string, init?: RequestInit) => {
    stored.set(Number(/p(\d+)/.exec(url)![1]), init!.body as Uint8Array);
    return new Response(null, { status: 200, headers: { ETag: '"x"' } });
  }) as unknown as typeof globalThis.fetch;
  const factory = new IDBFactory();
  const db = await RecordingDb.open(factory);
  const page = (db: RecordingDb) => new Uploader({ db, api, fetch, minPartBytes: 64 * 1024, sleep: async () => {} });
  const up = page(db);
  const id = await up.begin({ roomId: 'r', takeId: 't', kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus', label: 'A' });
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ends: number[] = [];
  const stopAt = crashAt ?? file.length;
  for (let at = 0; at < stopAt; ) ends.push((at += 1 + Math.floor(random() * 60_000)));
  for (const [i, c] of cut(file.subarray(0, stopAt), ends).entries()) await up.addChunk(id, c.slice().buffer, (i + 1) * 500);
  if (crashAt === undefined) {
    await up.stop(id, 12_000);
    await up.idle();
  } else {
    // the page dies once it has uploaded what it could (every full part but part 1)
    await vi.waitFor(async () => {
      const rec = (await db.getRecording(id))!;
      const left = await db.chunkSizes(id, rec.unpackedFrom);
      expect(left.reduce((n, c) => n + c.size, 0)).toBeLessThan(64 * 1024);
      expect((await db.parts(id)).filter((p) => p.partNumber > 1 && p.etag === null)).toEqual([]);
    });
    await new Promise((r) => setTimeout(r, 50));
    // the dead page's last scheduling attempts find its database gone
    const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
    db.close();
    const reloaded = page(await RecordingDb.open(factory));
    await reloaded.resumeAll();
    await reloaded.idle();
    quiet.mockRestore();
  }
  expect(stored.size).toBeGreaterThanOrEqual(3);
  const parts = [...stored.entries()].sort(([a], [b]) => a - b).map(([, b]) => b);
  return new Uint8Array(parts.flatMap((p) => [...p]));
}

/** Bytes ffmpeg reads, and how often it seeks, to decode one frame at 8 s (from its I/O statistics). */
function costToSeek(path: string): { bytes: number; seeks: number } {
  const log = spawnSync('ffmpeg', ['-v', 'debug', '-ss', '8', '-i', path, '-frames:v', '1', '-f', 'null', '-']).stderr.toString();
  const [, bytes, seeks] = /Statistics: (\d+) bytes read, (\d+) seeks/.exec(log) ?? [];
  return { bytes: Number(bytes), seeks: Number(seeks) };
}

const frameAt8 = (path: string) => run('ffmpeg', ['-v', 'error', '-ss', '8', '-i', path, '-frames:v', '1', '-f', 'framemd5', '-']).split('\n').filter((l) => l && !l.startsWith('#'));

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
    if (has('mkvinfo', '--version')) {
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
