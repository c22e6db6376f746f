/// <reference types="node" />
/**
 * The real check for Safari's format: a fragmented MP4 (H.264 + AAC, a fragment a second) made by
 * ffmpeg, recorded through the uploader in random chunks, whole and cut short by a crash, then
 * read back by ffprobe and decoded by ffmpeg. Skipped where ffmpeg is not installed.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { hasTool } from '../test/has-tool';
import { recordThroughUploader } from './upload-harness';
import { cut } from './webm-test-support';

const dir = mkdtempSync(join(tmpdir(), 'podster-mp4-'));
const duration = (path: string) => Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', path]).toString());
const decodeErrors = (path: string) => spawnSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-']).stderr.toString().trim();

function chunked(file: Uint8Array, upTo: number, seed: number): Uint8Array[] {
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ends: number[] = [];
  for (let at = 0; at < upTo; ) ends.push((at += 1 + Math.floor(random() * 40_000)));
  return cut(file.subarray(0, upTo), ends);
}

describe.skipIf(!hasTool('ffmpeg') || !hasTool('ffprobe'))('a fragmented MP4 through the uploader', () => {
  const source = join(dir, 'ffmpeg.mp4');
  execFileSync('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=30', '-f', 'lavfi', '-i', 'sine', '-t', '8',
    '-c:v', 'libx264', '-g', '30', '-b:v', '800k', '-c:a', 'aac', '-movflags', 'frag_keyframe+empty_moov+default_base_moof', source,
  ]);
  const file = new Uint8Array(readFileSync(source));

  it('arrives byte for byte when the take ends normally', async () => {
    const stored = await recordThroughUploader({ chunks: chunked(file, file.length, 3), mimeType: 'video/mp4', durationMs: 8000 });
    expect(Buffer.compare(Buffer.from(stored), Buffer.from(file))).toBe(0);
  }, 60_000);

  it('cut short by a crash, it ends on its last whole fragment and decodes cleanly', async () => {
    const cutAt = Math.floor(file.length * 0.6);
    const out = join(dir, 'crashed.mp4');
    const stored = await recordThroughUploader({ chunks: chunked(file, cutAt, 9), mimeType: 'video/mp4', durationMs: 4800, crash: true, crashSlack: 200_000 });
    writeFileSync(out, stored);
    expect(stored.length).toBeLessThan(cutAt);
    expect(stored.length).toBeGreaterThan(cutAt - file.length / 4); // at most about a fragment lost
    // ffmpeg reads the trimmed file without a word; the untrimmed cut makes it complain
    expect(decodeErrors(out)).toBe('');
    const raw = join(dir, 'raw-cut.mp4');
    writeFileSync(raw, file.subarray(0, cutAt));
    expect(decodeErrors(raw)).not.toBe('');
    expect(duration(out)).toBeGreaterThan(3);
    expect(duration(out)).toBeLessThan(5);
  }, 60_000);
});
