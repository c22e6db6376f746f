/// <reference types="node" />
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recorderTap } from './pcm-recorder-tap';
import type { TapBlock } from './pcm-tap';
import { ID, element, idBytes } from './ebml';

/** The real Chromium PCM recording (see pcm-webm.test.ts), handed out as a MediaRecorder would. */
const recording = new Uint8Array(readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'chromium-pcm-48k-stereo.webm')));

/** A MediaRecorder that hands out the fixture in slices, the last at stop(). */
class FakeRecorder {
  static last: FakeRecorder | null = null;
  /** What the next recorder records (the fixture unless a test says). */
  static bytes: Uint8Array = recording;
  private readonly bytes = FakeRecorder.bytes;
  state: 'inactive' | 'recording' = 'inactive';
  ondataavailable: ((e: { data: Blob }) => void) | null = null;
  onstop: (() => void) | null = null;
  private at = 0;
  stopsQuietly = false;
  /** At stop(), the rest in this many slices this far apart, then onstop: a loaded page's recorder. */
  stopsSlowly: { slices: number; everyMs: number } | null = null;
  constructor(_stream: unknown, readonly options: { mimeType: string }) {
    FakeRecorder.last = this;
  }
  start() {
    this.state = 'recording';
  }
  slice(bytes: number) {
    const data = new Blob([this.bytes.slice(this.at, this.at + bytes)]);
    this.at += bytes;
    this.ondataavailable?.({ data });
  }
  stop() {
    if (this.stopsQuietly) return;
    if (this.stopsSlowly) {
      const { slices, everyMs } = this.stopsSlowly;
      const size = Math.ceil((this.bytes.length - this.at) / slices);
      for (let i = 1; i <= slices; i++) setTimeout(() => this.slice(i === slices ? this.bytes.length - this.at : size), i * everyMs);
      setTimeout(() => {
        this.state = 'inactive';
        this.onstop?.();
      }, slices * everyMs + 1);
      return;
    }
    this.slice(this.bytes.length - this.at);
    this.state = 'inactive';
    setTimeout(() => this.onstop?.(), 0);
  }
}

/** Where the fixture's first Cluster begins: what comes before it is the header. */
const clusterAt = recording.findIndex((_, i) => i > 4 && recording[i] === 0x1f && recording[i + 1] === 0x43 && recording[i + 2] === 0xb6 && recording[i + 3] === 0x75);

/** The next recorder records the fixture's header, then a Cluster of 10 ms blocks (480 stereo frames of 0.25) at these stamps. */
function stampedRecording(stamps: number[]): void {
  const frame = [...new Uint8Array(new Float32Array([0.25, 0.25]).buffer)];
  const block = (ms: number) => element(ID.SimpleBlock, [0x81, ms >> 8, ms & 0xff, 0x80, ...Array.from({ length: 480 }, () => frame).flat()]);
  FakeRecorder.bytes = new Uint8Array([
    ...recording.slice(0, clusterAt), ...idBytes(ID.Cluster), 0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, ...element(0xe7, [0]), ...stamps.flatMap(block),
  ]);
}

const track = {} as MediaStreamTrack;

/**
 * A tap started at page time 1000 and told the take's instant is 1095 (and the browser's input
 * latency), whose recorder hands out `sliced` bytes of a recording at these stamps at `arrivesAt`
 * (by default well after all of them were captured) before it is flushed: the tap and its blocks.
 */
async function recordedAhead(stamps: number[], sliced = clusterAt + 3000, latencyMs = 0, arrivesAt = 2500): Promise<{ tap: ReturnType<typeof recorderTap>; blocks: TapBlock[] }> {
  const now = vi.spyOn(performance, 'now').mockReturnValue(1000);
  stampedRecording(stamps);
  const tap = recorderTap(track, { sampleRate: 48_000, channels: 2 }, () => {}, { startsAtLocal: 1095, latencyMs });
  const blocks: TapBlock[] = [];
  tap.onBlock((b) => blocks.push(b));
  now.mockReturnValue(arrivesAt);
  if (sliced > 0) FakeRecorder.last!.slice(sliced);
  await tap.flush();
  return { tap, blocks };
}
vi.stubGlobal('MediaRecorder', FakeRecorder);
vi.stubGlobal('MediaStream', class {});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  FakeRecorder.bytes = recording;
});

describe('recorderTap', () => {
  it('hands over every sample of the recorder’s slices in order, stamped by the recorder’s timecodes, and the rest at flush', async () => {
    const now = vi.spyOn(performance, 'now').mockReturnValue(1000);
    const startedAt = performance.now();
    const tap = recorderTap(track, { sampleRate: 48_000, channels: 2 });
    expect(FakeRecorder.last!.options.mimeType).toBe('audio/webm;codecs=pcm');
    const blocks: TapBlock[] = [];
    tap.onBlock((b) => blocks.push(b));
    // the slices reach the page 400 ms on, after the samples they hold were captured
    now.mockReturnValue(1400);
    FakeRecorder.last!.slice(34_777);
    FakeRecorder.last!.slice(38_485);
    await tap.flush();
    expect(blocks.reduce((n, b) => n + b.channels[0]!.length, 0)).toBe(16_320);
    // one block per slice (three), not one per 10 ms of the recorder's
    expect(blocks).toHaveLength(3);
    expect(blocks.every((b) => b.channels.length === 2 && b.channels[0]!.length === b.channels[1]!.length)).toBe(true);
    expect(blocks.every((b) => typeof b.arrivedAt === 'number')).toBe(true);
    const stamps = blocks.map((b) => b.arrivedAt!);
    expect([...stamps].sort((a, b) => a - b)).toEqual(stamps);
    // the last block ends 342 ms into the recording by its timecode (see pcm-webm.test.ts), however late the slice came
    expect(stamps.at(-1)! - startedAt).toBeGreaterThanOrEqual(342);
    expect(stamps.at(-1)! - startedAt).toBeLessThan(342 + 50);
  });

  it('puts silence where the recorder’s stamps jumped (input its microphone skipped), just before the block after the skip', async () => {
    // 10 ms blocks stamped 0, 10 … 190, then 220 … 400
    stampedRecording([...Array.from({ length: 20 }, (_, i) => i * 10), ...Array.from({ length: 19 }, (_, i) => 220 + i * 10)]);
    const tap = recorderTap(track, { sampleRate: 48_000, channels: 2 });
    const blocks: TapBlock[] = [];
    tap.onBlock((b) => blocks.push(b));
    FakeRecorder.last!.slice(clusterAt + 5000);
    await tap.flush();
    const left = blocks.flatMap((b) => [...b.channels[0]!]);
    // the 20th block ends at 200, the next is stamped 220: 39 blocks and 20 ms of silence, right after the 20th
    expect(left).toHaveLength(39 * 480 + 960);
    expect(left.slice(0, 20 * 480).every((v) => v === 0.25)).toBe(true);
    expect(left.slice(20 * 480, 20 * 480 + 960).every((v) => v === 0)).toBe(true);
    expect(left.slice(20 * 480 + 960).every((v) => v === 0.25)).toBe(true);
    expect(tap.timecodeJumps!()).toEqual([{ atMs: 220, byMs: 20 }]);
    // and says where the silence begins, in the block that holds it
    let before = 0;
    const holding = blocks.find((b) => {
      if (b.fills !== undefined) return true;
      before += b.channels[0]!.length;
      return false;
    })!;
    expect(holding.fills).toHaveLength(1);
    expect(before + holding.fills![0]!.at).toBe(20 * 480);
    expect(holding.fills![0]!.frames).toBe(960);
    expect(blocks.filter((b) => b.fills !== undefined)).toHaveLength(1);
  });

  it('started ahead of the take’s instant, begins the track with the sample captured then, placed there', async () => {
    // 10 ms blocks stamped 0 … 390; the instant 95 ms after start(), halfway through the block stamped 90
    const { tap, blocks } = await recordedAhead(Array.from({ length: 40 }, (_, i) => i * 10));
    expect(blocks.reduce((n, b) => n + b.channels[0]!.length, 0)).toBe(240 + 30 * 480);
    expect(await tap.firstSample).toBeCloseTo(1095, 6);
    expect(blocks.some((b) => b.fills !== undefined)).toBe(false);
  });

  it('places its samples the browser’s input latency before the recorder got them', async () => {
    // delivered 20 ms after capture: stamp 0 was captured at 980, the instant 1095 falls 115 ms in
    const { tap, blocks } = await recordedAhead(Array.from({ length: 40 }, (_, i) => i * 10), clusterAt + 3000, 20);
    expect(blocks.reduce((n, b) => n + b.channels[0]!.length, 0)).toBe(240 + 28 * 480);
    expect(await tap.firstSample).toBeCloseTo(1095, 6);
    // and each slice by the capture of its last sample: the last ends at stamp 400, captured at 1380
    expect(blocks.at(-1)!.arrivedAt).toBeCloseTo(1380, 6);
  });

  it('started ahead, where the stamps jump past the instant the track begins at the instant with silence up to the block after the jump', async () => {
    const { tap, blocks } = await recordedAhead([...Array.from({ length: 9 }, (_, i) => i * 10), ...Array.from({ length: 10 }, (_, i) => 110 + i * 10)]);
    const left = blocks.flatMap((b) => [...b.channels[0]!]);
    // the instant is 95 ms in, the block after the jump begins at 110: 15 ms of silence, then every block whole
    expect(left).toHaveLength(720 + 10 * 480);
    expect(left.slice(0, 720).every((v) => v === 0)).toBe(true);
    expect(left.slice(720).every((v) => v === 0.25)).toBe(true);
    expect(await tap.firstSample).toBeCloseTo(1095, 6);
    expect(blocks[0]!.leadSilence).toBe(720);
    expect(blocks.slice(1).every((b) => b.leadSilence === undefined)).toBe(true);
    expect(tap.timecodeJumps!()).toEqual([]);
  });

  it('started ahead, tells where its stamps jumped from the track’s first sample, not from start()', async () => {
    // the instant 95 ms after start(); blocks 0 … 190, then 220 … 390: the jump 125 ms into the track
    const { tap } = await recordedAhead([...Array.from({ length: 20 }, (_, i) => i * 10), ...Array.from({ length: 18 }, (_, i) => 220 + i * 10)]);
    expect(tap.timecodeJumps!()).toEqual([{ atMs: 125, byMs: 20 }]);
  });

  it('behind at start() (a stalled audio pipeline), begins the track at the instant on the time line its blocks’ arrivals show', async () => {
    // stamps 0 … 390 handed over at 1302: stamp 400 cannot have been captured after 902, so the
    // time line began 98 ms before start() and the instant 1095 lies 193 ms along it
    const { tap, blocks } = await recordedAhead(Array.from({ length: 40 }, (_, i) => i * 10), clusterAt + 3000 * 60, 0, 1302);
    expect(tap.originMovedMs!()).toBe(98);
    expect(await tap.firstSample).toBeCloseTo(1095, 6);
    // 207 ms kept, not the 305 from an instant 95 ms along
    expect(blocks.reduce((n, b) => n + b.channels[0]!.length, 0)).toBe(9936);
    expect(blocks.at(-1)!.arrivedAt).toBeCloseTo(1302, 6);
  });

  it('begun at once, places its first sample only a second on from start() (or at Stop), after what the blocks showed of a stalled pipeline', async () => {
    const now = vi.spyOn(performance, 'now').mockReturnValue(1000);
    stampedRecording(Array.from({ length: 40 }, (_, i) => i * 10));
    const tap = recorderTap(track, { sampleRate: 48_000, channels: 2 });
    let first: number | null | undefined;
    void tap.firstSample!.then((t) => (first = t));
    // samples to stamp 400 reached the page at 1300: captured from 900 on, not 1000
    now.mockReturnValue(1300);
    FakeRecorder.last!.slice(clusterAt + 3000 * 60);
    await new Promise((r) => setTimeout(r, 10));
    expect(first).toBeUndefined();
    await tap.flush();
    await Promise.resolve();
    expect(first).toBeCloseTo(900, 6);
    expect(tap.originMovedMs!()).toBe(100);
  });

  it('stopped before the instant, it recorded nothing and places nothing', async () => {
    const { tap, blocks } = await recordedAhead(Array.from({ length: 5 }, (_, i) => i * 10), 0);
    expect(blocks).toEqual([]);
    expect(await tap.firstSample).toBeNull();
  });

  it('says so when the recorder’s format is not the one the WAV header was written with', async () => {
    const errors: Error[] = [];
    const tap = recorderTap(track, { sampleRate: 44_100, channels: 2 }, (e) => errors.push(e));
    const blocks: TapBlock[] = [];
    tap.onBlock((b) => blocks.push(b));
    await tap.flush();
    expect(errors[0]?.message).toMatch(/2 ch at 48000 Hz, the track said 2 ch at 44100 Hz/);
    expect(blocks).toEqual([]);
  });

  it('a recorder that never stops does not hold the take: the flush gives up and later blocks are not the take’s', async () => {
    vi.useFakeTimers();
    const tap = recorderTap(track, { sampleRate: 48_000, channels: 2 });
    const blocks: TapBlock[] = [];
    tap.onBlock((b) => blocks.push(b));
    FakeRecorder.last!.stopsQuietly = true;
    const flushed = tap.flush();
    await vi.advanceTimersByTimeAsync(2000);
    expect(await flushed).toEqual({ ms: 2000, ended: 'quiet' });
    FakeRecorder.last!.slice(recording.length);
    await vi.runAllTimersAsync();
    expect(blocks).toEqual([]);
  });

  it('a stopping recorder still handing over its last slices, each well after 2 s of the Stop, is waited for: nothing of the take is cut', async () => {
    vi.useFakeTimers();
    const tap = recorderTap(track, { sampleRate: 48_000, channels: 2 });
    const blocks: TapBlock[] = [];
    tap.onBlock((b) => blocks.push(b));
    FakeRecorder.last!.stopsSlowly = { slices: 4, everyMs: 1500 };
    const flushed = tap.flush();
    await vi.advanceTimersByTimeAsync(7000);
    expect(await flushed).toEqual({ ms: 6001, ended: 'finished' });
    // every sample of the fixture, as when it stops at once (the first test)
    expect(blocks.reduce((n, b) => n + b.channels[0]!.length, 0)).toBe(16_320);
  });
});
