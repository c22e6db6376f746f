/// <reference types="node" />
/**
 * The real check: a camera file's audio, followed chunk by chunk and written out as an audio-only
 * file from a later stretch, decodes with ffmpeg (the same libavformat/libavcodec Chromium's
 * decodeAudioData runs), and its samples sit where `firstBlockMs` says. Two files: one encoded by
 * ffmpeg (VP8 + Opus, a beep at a known time, reshaped like Chrome's MediaRecorder output: no
 * SeekHead, Cues or Tags, unknown-size Segment and Clusters) and a real Firefox recording
 * (fixtures/firefox-vp8-opus.webm). Skipped where ffmpeg is not installed (scripts/prerequisites
 * installs it).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasTool } from '../test/has-tool';
import { CameraAudio } from './camera-audio';
import { ID, idBytes } from './ebml';
import { cut, walk } from './webm-test-support';

const haveFfmpeg = hasTool('ffmpeg') && hasTool('ffprobe');
const dir = mkdtempSync(join(tmpdir(), 'podster-camera-audio-'));
const RATE = 48_000;

/** The file's audio, decoded by ffmpeg to mono float at 48 kHz, with the named decoder. */
function decoded(path: string, decoder: 'opus' | 'libopus' = 'opus'): Float32Array {
  const raw = execFileSync('ffmpeg', ['-v', 'error', '-c:a', decoder, '-i', path, '-vn', '-ac', '1', '-ar', String(RATE), '-f', 'f32le', '-'], {
    maxBuffer: 1 << 28,
  });
  return new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.length));
}

const probe = (path: string, entries: string) =>
  execFileSync('ffprobe', ['-v', 'error', '-show_entries', entries, '-of', 'csv=p=0', path]).toString().trim().split('\n');

/** Makes the Segment and every Cluster unknown-size and drops what MediaRecorder does not write. */
function likeChrome(file: Uint8Array): Uint8Array {
  const [ebml, segment] = walk(file);
  const unknown = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  const parts: number[][] = [[...file.subarray(ebml!.at, ebml!.end)], [...idBytes(ID.Segment), ...unknown]];
  for (const e of segment!.children!) {
    if (e.id === ID.Info || e.id === ID.Tracks) parts.push([...file.subarray(e.at, e.end)]);
    if (e.id === ID.Cluster) parts.push([...idBytes(ID.Cluster), ...unknown], [...file.subarray(e.dataAt, e.end)]);
  }
  return Uint8Array.from(parts.flat());
}

/** The file in chunks of 1 byte to 40 KB, as a recorder's timeslices might cut it anywhere. */
function chunks(file: Uint8Array, seed: number): Uint8Array[] {
  let s = seed;
  const random = () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const ends: number[] = [];
  for (let at = 0; at < file.length; ) ends.push((at += random() < 0.2 ? 1 + Math.floor(random() * 7) : 1 + Math.floor(random() * 40_000)));
  return cut(file, ends);
}

function follow(file: Uint8Array, seed: number, keepMs: number): CameraAudio {
  const audio = new CameraAudio({ keepMs });
  for (const c of chunks(file, seed)) audio.see(c);
  expect(audio.broken).toBeNull();
  return audio;
}

/**
 * The shift (samples) that best lays `part` over `whole` near `expected`, and how far the two
 * differ there (RMS over RMS of `part`): where the extract's sound sits in the whole file's.
 */
function alignment(part: Float32Array, whole: Float32Array, expected: number, from: number, to: number): { shift: number; error: number } {
  let best = { shift: NaN, error: Infinity };
  let energy = 0;
  for (let i = from; i < to; i++) energy += part[i]! ** 2;
  for (let d = -2000; d <= 2000; d++) {
    let diff = 0;
    for (let i = from; i < to; i++) diff += (part[i]! - (whole[i + expected + d] ?? 0)) ** 2;
    if (diff < best.error) best = { shift: d, error: diff };
  }
  return { shift: best.shift, error: Math.sqrt(best.error / energy) };
}

/** The first sample louder than `level` from `from` on. */
const onset = (x: Float32Array, level: number, from = 0) => {
  for (let i = from; i < x.length; i++) if (Math.abs(x[i]!) > level) return i;
  return -1;
};

const ms = (samples: number) => (samples * 1000) / RATE;
const mkvinfoAvailable = hasTool('mkvinfo', '--version');

/** ffmpeg (and mkvinfo, where installed) read the file without a complaint, as one Opus stream. */
function readsCleanly(path: string): void {
  expect(execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'null', '-'], { stdio: ['ignore', 'pipe', 'pipe'] }).toString()).toBe('');
  expect(probe(path, 'stream=codec_type,codec_name')).toEqual(['opus,audio']);
  if (mkvinfoAvailable) expect(execFileSync('mkvinfo', [path]).toString()).not.toMatch(/error|warning/i);
}

describe.skipIf(!haveFfmpeg)('a Chrome-like VP8 + Opus camera file with a beep at 14 s', () => {
  const encoded = join(dir, 'beep.webm');
  // a quiet 220 Hz hum throughout (something to align on) and a loud 1 kHz beep at 14.0–14.1 s
  execFileSync('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=640x480:rate=30', '-f', 'lavfi',
    '-i', "aevalsrc=exprs='0.05*sin(2*PI*220*t)+0.6*sin(2*PI*1000*t)*between(t\\,14\\,14.1)':s=48000:d=20",
    '-t', '20', '-c:v', 'libvpx', '-g', '60', '-b:v', '2M', '-c:a', 'libopus', '-cluster_time_limit', '1000', encoded,
  ]);
  const camera = likeChrome(new Uint8Array(readFileSync(encoded)));
  const cameraPath = join(dir, 'beep-chrome-like.webm');
  writeFileSync(cameraPath, camera);
  const whole = decoded(cameraPath);

  it('keeps only the last 12 s of audio, a small part of the file, and knows the Opus track', () => {
    const audio = follow(camera, 3, 12_000);
    expect(audio.track).toMatchObject({ number: 2, codecId: 'A_OPUS', codecDelayNs: 6_500_000, seekPreRollNs: 80_000_000, samplingFrequency: 48_000, channels: 1 });
    expect(new TextDecoder().decode(audio.track!.codecPrivate!.subarray(0, 8))).toBe('OpusHead');
    // ffmpeg stamps Opus blocks 0, 21, 41 … 20 001 ms (the last in a BlockGroup, with its discard padding)
    expect(audio.kept).toMatchObject({ blocks: 601, fromMs: 8001, toMs: 20_001 });
    expect(audio.kept!.bytes).toBeLessThan(camera.length / 5);
  }, 60_000);

  it.each([
    ['ffmpeg’s own Opus decoder', 'opus'],
    ['libopus', 'libopus'],
  ] as const)('decodes from 10 s to 18 s with %s: 8 s less the pre-skip, the beep where firstBlockMs puts it', (_name, decoder) => {
    const audio = follow(camera, 11, 12_000);
    const extract = audio.audioFile(10_000, 18_000)!;
    expect(extract).toMatchObject({ firstBlockMs: 10_001, lastBlockMs: 17_981, blocks: 400 });
    const path = join(dir, `extract-${decoder}.webm`);
    writeFileSync(path, extract.file);
    readsCleanly(path);
    expect(Number(probe(path, 'format=duration')[0])).toBeCloseTo(8, 3);

    const samples = decoded(path, decoder);
    // 400 packets of 960 samples, less Opus's pre-skip (312 samples, CodecDelay 6.5 ms) dropped from the first
    expect(samples.length).toBe(400 * 960 - 312);
    // sample 0 is firstBlockMs: the beep (14 000 ms) starts 3999 ms in, within a millisecond (ffmpeg's
    // muxer stamps its blocks in whole ms, 0.5 ms late, rounded up)
    expect(Math.abs(ms(onset(samples, 0.3)) - (14_000 - extract.firstBlockMs))).toBeLessThan(1.5);
    // and every sample after the decoder's warm-up (SeekPreRoll, 80 ms) is the whole file's, shifted by
    // firstBlockMs: the extract's blocks stand 1 ms later in ffmpeg's file than the first block does
    const { shift, error } = alignment(samples, whole, extract.firstBlockMs * 48, 4800, 7 * RATE);
    expect(shift).toBe(-48);
    expect(error).toBeLessThan(0.01);
  }, 60_000);

  it('decodes a stretch that ends with the file’s last block, the one in a BlockGroup', () => {
    const audio = follow(camera, 17, 12_000);
    const extract = audio.audioFile(19_000, Infinity)!;
    expect(extract).toMatchObject({ firstBlockMs: 19_001, lastBlockMs: 20_001, blocks: 51 });
    const path = join(dir, 'extract-end.webm');
    writeFileSync(path, extract.file);
    readsCleanly(path);
    expect(decoded(path).length).toBe(51 * 960 - 312);
  }, 60_000);
});

describe.skipIf(!haveFfmpeg)('a real Firefox recording (fixtures/firefox-vp8-opus.webm)', () => {
  const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'firefox-vp8-opus.webm');
  const firefox = new Uint8Array(readFileSync(fixture));
  const whole = decoded(fixture);

  it('decodes from 8 s to 16 s, its samples exactly the whole file’s from firstBlockMs on', () => {
    const audio = follow(firefox, 5, 12_000);
    // Firefox writes its input rate for Opus, which decodes at 48 kHz all the same
    expect(audio.track).toMatchObject({ number: 2, codecId: 'A_OPUS', codecDelayNs: 6_500_000, samplingFrequency: 44_100, channels: 1 });
    // its blocks: 6, 26, … 16 406 ms
    expect(audio.kept).toMatchObject({ blocks: 601, fromMs: 4406, toMs: 16_406 });
    const extract = audio.audioFile(8_000, 16_000)!;
    expect(extract).toMatchObject({ firstBlockMs: 8006, blocks: 400 });
    const path = join(dir, 'firefox-extract.webm');
    writeFileSync(path, extract.file);
    readsCleanly(path);
    const samples = decoded(path);
    expect(samples.length).toBe(400 * 960 - 312);
    // the whole file's sample 0 is its first audio block (6 ms): the extract is 8000 ms on, to the sample
    const { shift, error } = alignment(samples, whole, (extract.firstBlockMs - 6) * 48, 4800, 7 * RATE);
    expect(shift).toBe(0);
    expect(error).toBeLessThan(0.01);
  }, 60_000);
});
