/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ID, element, idBytes } from './ebml';
import { PcmWebmReader } from './pcm-webm';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
/**
 * Chromium 156's MediaRecorder, `audio/webm;codecs=pcm`, 100 ms slices, recording 350 ms of a 1 kHz
 * sine at half scale (an OscillatorNode through a MediaStreamAudioDestinationNode), 48 kHz stereo.
 * ffmpeg decodes 16,320 frames from it, peak 0.5, both channels equal.
 */
const chromium = new Uint8Array(readFileSync(join(fixtures, 'chromium-pcm-48k-stereo.webm')));
const firefox = new Uint8Array(readFileSync(join(fixtures, 'firefox-vp8-opus.webm')));

function readAll(chunks: Uint8Array[]) {
  const reader = new PcmWebmReader();
  const blocks = chunks.flatMap((c) => reader.feed(c));
  const frames = blocks.reduce((n, b) => n + b[0]!.length, 0);
  const left = new Float32Array(frames);
  const right = new Float32Array(frames);
  let at = 0;
  for (const b of blocks) {
    left.set(b[0]!, at);
    right.set(b[1]!, at);
    at += b[0]!.length;
  }
  return { reader, blocks, frames, left, right };
}

function cutEvery(bytes: Uint8Array, step: number): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += step) out.push(bytes.slice(at, at + step));
  return out;
}

describe('PcmWebmReader on a real Chromium recording', () => {
  it('reads the format and every frame ffmpeg decodes, samples untouched', () => {
    const { reader, blocks, frames, left, right } = readAll([chromium]);
    expect(reader.format).toEqual({ sampleRate: 48_000, channels: 2 });
    expect(frames).toBe(16_320);
    expect(blocks.every((b) => b[0]!.length === 480)).toBe(true);
    expect(Math.max(...left.map(Math.abs))).toBeCloseTo(0.5, 6);
    expect(left).toEqual(right);
    // 1 kHz at 48 kHz: the sine repeats every 48 samples.
    for (let i = 1000; i < 1048; i++) expect(left[i + 48]).toBeCloseTo(left[i]!, 5);
  });

  it('says where the samples read end on the recorder’s time line, from the blocks’ timecodes', () => {
    const reader = new PcmWebmReader();
    expect(reader.mediaEndMs).toBeNull();
    const ends = cutEvery(chromium, 3841).map((c) => (reader.feed(c), reader.mediaEndMs));
    // 34 blocks of 480 frames (10 ms), stamped by capture time, not by sample count: 0, 11, 21, 30,
    // 40, 52 … 332 ms (what ffprobe reads too), so the last ends at 342 where its samples say 340
    expect(ends.at(-1)).toBeCloseTo(342, 6);
    const known = ends.filter((e): e is number => e !== null);
    expect([...known].sort((a, b) => a - b)).toEqual(known);
    expect(known[0]).toBeLessThan(100);
  });

  it('gives each block’s end and how far its timecode jumped from where the one before ended, and keeps the samples as they came', () => {
    // the fixture's stamps wander by 1–2 ms: no jump of 5
    expect(readAll([chromium]).reader.lastFeedTimings.every((t) => Math.abs(t.jumpMs) < 5)).toBe(true);
    const reader = new PcmWebmReader();
    const clusterAt = chromium.findIndex((_, i) => i > 4 && chromium[i] === 0x1f && chromium[i + 1] === 0x43 && chromium[i + 2] === 0xb6 && chromium[i + 3] === 0x75);
    reader.feed(chromium.slice(0, clusterAt));
    // 10 ms blocks (480 stereo frames) stamped 0, 10, then 50: 30 ms of input skipped
    const block = (ms: number) => element(ID.SimpleBlock, [0x81, 0, ms, 0x80, ...new Array(480 * 2 * 4).fill(0)]);
    const cluster = [...idBytes(ID.Cluster), 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...element(0xe7, [0]), ...block(0), ...block(10), ...block(50)];
    const blocks = reader.feed(new Uint8Array(cluster));
    expect(blocks.map((b) => b[0]!.length)).toEqual([480, 480, 480]);
    expect(reader.lastFeedTimings).toEqual([{ jumpMs: 0, endMs: 10 }, { jumpMs: 0, endMs: 20 }, { jumpMs: 30, endMs: 60 }]);
    expect(reader.mediaEndMs).toBe(60);
  });

  it('gives the same samples however the chunks cut elements, headers and blocks', () => {
    const whole = readAll([chromium]).left;
    for (const step of [5, 7, 100, 3841, 34_777]) {
      const { left } = readAll(cutEvery(chromium, step));
      expect(left).toEqual(whole);
    }
  });
});

describe('PcmWebmReader refuses what it cannot read as lossless', () => {
  it('a recording in another codec (Firefox’s Opus)', () => {
    expect(() => new PcmWebmReader().feed(firefox)).toThrow(/not float PCM/);
  });

  it('a block whose size is not a whole number of frames', () => {
    const reader = new PcmWebmReader();
    // The fixture's header up to its first Cluster, then a Cluster with a 7-byte frame.
    const clusterAt = chromium.findIndex((_, i) => i > 4 && chromium[i] === 0x1f && chromium[i + 1] === 0x43 && chromium[i + 2] === 0xb6 && chromium[i + 3] === 0x75);
    reader.feed(chromium.slice(0, clusterAt));
    const block = element(ID.SimpleBlock, [0x81, 0, 0, 0x80, 1, 2, 3, 4, 5, 6, 7]);
    expect(() => reader.feed(new Uint8Array([...idBytes(ID.Cluster), 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...block]))).toThrow(/7 bytes for 2 channels/);
  });

  it('a block too large to be audio', () => {
    const reader = new PcmWebmReader();
    const clusterAt = chromium.findIndex((_, i) => i > 4 && chromium[i] === 0x1f && chromium[i + 1] === 0x43 && chromium[i + 2] === 0xb6);
    reader.feed(chromium.slice(0, clusterAt + 12));
    // SimpleBlock id, then an 8-byte size of 64 MiB.
    expect(() => reader.feed(new Uint8Array([0xa3, 0x01, 0, 0, 0, 0x04, 0, 0, 0]))).toThrow(/byte block/);
  });

  it('bytes that are not EBML', () => {
    expect(() => new PcmWebmReader().feed(new Uint8Array(64))).toThrow(/bad EBML/);
  });
});
