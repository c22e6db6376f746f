/// <reference types="node" />
/**
 * The real check for the lossless track: samples from PcmEncoder, recorded through the uploader in
 * chunks and parts (and once through a crash and a reload), read back by ffprobe and decoded by
 * ffmpeg sample for sample. Skipped where ffmpeg is not installed (scripts/prerequisites installs it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { hasTool } from '../test/has-tool';
import { HARNESS_PART_BYTES, recordThroughUploader } from './upload-harness';
import { PcmEncoder, WAV_HEADER_BYTES, WAV_MIME, wavHeader } from './wav';

const run = (tool: string, args: string[]) => execFileSync(tool, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
const dir = mkdtempSync(join(tmpdir(), 'podster-wav-'));
const RATE = 48_000;

/** A 440 Hz tone in blocks of `block` frames, as the capture hands them over, encoded to chunks. */
function tone(seconds: number, block: number): { chunks: Uint8Array[]; samples: Float32Array } {
  const samples = Float32Array.from({ length: seconds * RATE }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / RATE));
  const enc = new PcmEncoder({ sampleRate: RATE, channels: 1 });
  const chunks = [wavHeader(enc.format, 0)];
  for (let at = 0; at < samples.length; at += block) chunks.push(enc.encode([samples.subarray(at, at + block)]));
  chunks.push(enc.flush());
  return { chunks: chunks.filter((c) => c.byteLength > 0), samples };
}

function probe(path: string): Record<string, string> {
  const out = run('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_name,sample_rate,channels,bits_per_sample:format=duration,format_name', '-of', 'default=nw=1', path]).toString();
  return Object.fromEntries(out.trim().split('\n').map((l) => l.split('=') as [string, string]));
}

/** Decoded samples as ffmpeg reads them, back in [-1, 1]. */
function decoded(path: string): Float32Array {
  const raw = run('ffmpeg', ['-v', 'error', '-i', path, '-f', 's32le', '-acodec', 'pcm_s32le', '-']);
  const ints = new Int32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
  return Float32Array.from(ints, (v) => v / 2 ** 31);
}

describe.skipIf(!hasTool('ffmpeg') || !hasTool('ffprobe'))('a lossless track through the uploader', () => {
  it('is 24-bit PCM WAV at 48 kHz that ffmpeg decodes sample for sample', async () => {
    const { chunks, samples } = tone(3, 12_345);
    const file = await recordThroughUploader({ chunks, mimeType: WAV_MIME, kind: 'audio', durationMs: 3000 });
    expect(file.byteLength).toBeGreaterThan(4 * HARNESS_PART_BYTES);
    const path = join(dir, 'take.wav');
    writeFileSync(path, file);
    expect(probe(path)).toMatchObject({ format_name: 'wav', codec_name: 'pcm_s24le', sample_rate: '48000', channels: '1', bits_per_sample: '24' });
    expect(Number(probe(path).duration)).toBeCloseTo(3, 3);
    expect(run('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-']).toString()).toBe('');
    const back = decoded(path);
    expect(back.length).toBe(samples.length);
    let worst = 0;
    for (let i = 0; i < samples.length; i++) worst = Math.max(worst, Math.abs(back[i]! - samples[i]!));
    expect(worst).toBeLessThan(2 ** -22); // the rounding of a 24-bit sample, nothing more
  }, 60_000);

  it('recovered after a crash mid-take, it is valid and ends on a whole frame', async () => {
    const { chunks } = tone(4, 9_000);
    const kept = chunks.slice(0, Math.floor(chunks.length * 0.6));
    const file = await recordThroughUploader({ chunks: kept, mimeType: WAV_MIME, kind: 'audio', durationMs: 2400, crash: true });
    const path = join(dir, 'crashed.wav');
    writeFileSync(path, file);
    const dataBytes = kept.reduce((n, c) => n + c.byteLength, 0) - WAV_HEADER_BYTES;
    expect(dataBytes % 6).toBe(0);
    expect(Number(probe(path).duration)).toBeCloseTo(dataBytes / 3 / RATE, 3);
    expect(run('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-']).toString()).toBe('');
    expect(decoded(path).length).toBe(dataBytes / 3);
  }, 60_000);

  it('an RF64 header is read too (what a take past 4 GiB gets)', () => {
    const enc = new PcmEncoder({ sampleRate: RATE, channels: 1 });
    const data = enc.encode([new Float32Array(RATE).fill(0.1)]);
    const path = join(dir, 'small.rf64.wav');
    writeFileSync(path, new Uint8Array([...wavHeader(enc.format, data.byteLength, true), ...data]));
    expect(probe(path)).toMatchObject({ codec_name: 'pcm_s24le', sample_rate: '48000' });
    expect(Number(probe(path).duration)).toBeCloseTo(1, 3);
  });
});
