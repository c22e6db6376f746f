import { afterEach, describe, expect, it, vi } from 'vitest';
import { LosslessRecorder, LosslessSource, type PcmTapPort } from './lossless';
import type { TapBlock } from './pcm-tap';
import type { TrackStart } from './recorder';
import { WAV_HEADER_BYTES, WAV_MIME } from './wav';
import { AudioReference } from '../sync/audio-reference';

function fakeTap(sampleRate = 48_000) {
  let handler: (b: TapBlock) => void = () => {};
  const pending: Float32Array[] = [];
  const tap: PcmTapPort = {
    format: { sampleRate, channels: 1 },
    onBlock: (h) => (handler = h),
    flush: async () => {
      for (const c of pending.splice(0)) handler({ channels: [c] });
    },
  };
  return { tap, emit: (frames: number) => handler({ channels: [new Float32Array(frames).fill(0.1)] }), hold: (frames: number) => pending.push(new Float32Array(frames)) };
}

function fakeUploader() {
  const chunks: { bytes: number; elapsed: number }[] = [];
  return {
    chunks,
    begin: vi.fn(async () => 'local-1'),
    addChunk: vi.fn(async (_id: string, data: ArrayBuffer, elapsed: number) => void chunks.push({ bytes: data.byteLength, elapsed })),
    stop: vi.fn(async () => {}),
    holding: vi.fn(),
  };
}

/** A track at 8 kHz mono recording into a take's reference, its tap's first sample at `firstSample`; `handler` hands it blocks. */
async function recordingForReference(firstSample: number) {
  let handler: (b: TapBlock) => void = () => {};
  const tap: PcmTapPort = { format: { sampleRate: 8000, channels: 1 }, onBlock: (h) => (handler = h), flush: async () => {}, firstSample: Promise.resolve(firstSample) };
  const reference = new AudioReference();
  const sync = { ready: async () => {}, clock: { estimate: () => null, toServer: () => null } } as never;
  const r = await LosslessRecorder.start(tap, { roomId: 'r', takeId: 't', label: 'Ann' }, fakeUploader(), { sync, gate: Promise.resolve(), reference });
  return { r, reference, handler: (b: TapBlock) => handler(b) };
}

describe('LosslessRecorder', () => {
  it('begins an audio/wav track whose first chunk is the header', async () => {
    const { tap } = fakeTap();
    const up = fakeUploader();
    await LosslessRecorder.start(tap, { roomId: 'r', takeId: 't', label: 'Ann' }, up);
    expect(up.begin).toHaveBeenCalledWith({ roomId: 'r', takeId: 't', label: 'Ann', kind: 'audio', mimeType: WAV_MIME });
    await vi.waitFor(() => expect(up.chunks[0]).toEqual({ bytes: WAV_HEADER_BYTES, elapsed: 0 }));
  });

  it('stores every block in order and stops with the duration the samples give', async () => {
    const { tap, emit, hold } = fakeTap();
    const up = fakeUploader();
    const r = await LosslessRecorder.start(tap, { roomId: 'r', takeId: 't', label: 'Ann' }, up);
    emit(12_000);
    emit(12_000);
    hold(7); // still in the worklet when Stop is pressed
    await r.stop();
    expect(up.chunks.map((c) => c.bytes)).toEqual([WAV_HEADER_BYTES, 36_000, 36_000, 18, 6]);
    // each chunk's time is where its last sample ends
    expect(up.chunks.map((c) => Math.round(c.elapsed * 1000) / 1000)).toEqual([0, 250, 500, 500.125, 500.167]);
    expect(r.frames).toBe(24_008);
    expect(up.stop).toHaveBeenCalledWith('local-1', (24_008 / 48_000) * 1000);
  });

  it('puts silence where the audio thread stamps show input was lost, and tells the test hook how much', async () => {
    let handler: (b: TapBlock) => void = () => {};
    const tap: PcmTapPort = { format: { sampleRate: 48_000, channels: 1 }, onBlock: (h) => (handler = h), flush: async () => {} };
    const up = fakeUploader();
    const starts: TrackStart[] = [];
    const r = await LosslessRecorder.start(tap, { roomId: 'r', takeId: 't', label: 'Ann' }, up, undefined, (s) => starts.push(s));
    // 250 ms blocks rendered in time for 2 s, then 1 s of input missing, then in time for 2 s
    const stamps = [...Array.from({ length: 8 }, (_, i) => 1000 + i * 250), ...Array.from({ length: 8 }, (_, i) => 4000 + i * 250)];
    for (const renderedAt of stamps) handler({ channels: [new Float32Array(12_000).fill(0.1)], renderedAt });
    await r.stop();
    expect(r.frames).toBeGreaterThan(16 * 12_000 + 47_000);
    expect(r.frames).toBeLessThan(16 * 12_000 + 49_000);
    expect(starts[0]!.filledMs).toBeGreaterThan(980);
    expect(starts[0]!.filledMs).toBeLessThan(1020);
    // all of it in one place: after the 2 s rendered in time
    expect(starts[0]!.fills).toHaveLength(1);
    expect(starts[0]!.fills![0]!.atMs).toBe(2000);
  });

  it('judges the first block by where the audio thread says its first quantum was, so a render that fell behind at once still gets its silence', async () => {
    let handler: (b: TapBlock) => void = () => {};
    const tap: PcmTapPort = { format: { sampleRate: 48_000, channels: 1 }, onBlock: (h) => (handler = h), flush: async () => {} };
    const starts: { filledMs?: number }[] = [];
    const r = await LosslessRecorder.start(tap, { roomId: 'r', takeId: 't', label: 'Ann' }, fakeUploader(), undefined, (s) => starts.push(s));
    // the first quantum at 750; every 250 ms block after it 119 ms later than its samples say
    Array.from({ length: 12 }, (_, i) => 1119 + i * 250).forEach((renderedAt, i) =>
      handler({ channels: [new Float32Array(12_000).fill(0.1)], renderedAt, ...(i === 0 ? { firstRenderedAt: 750 } : {}) }));
    await r.stop();
    expect(starts[0]!.filledMs).toBe(119);
    expect(r.frames).toBe(12 * 12_000 + 5712);
  });

  it('tells the test hook where the tap’s own timecodes jumped', async () => {
    const tap: PcmTapPort = { format: { sampleRate: 48_000, channels: 1 }, onBlock: () => {}, flush: async () => {}, timecodeJumps: () => [{ atMs: 5500, byMs: 30 }] };
    const starts: { timecodeJumps?: unknown }[] = [];
    const r = await LosslessRecorder.start(tap, { roomId: 'r', takeId: 't', label: 'Ann' }, fakeUploader(), undefined, (s) => starts.push(s));
    expect(starts[0]!.timecodeJumps).toBeUndefined();
    await r.stop();
    expect(starts[0]!.timecodeJumps).toEqual([{ atMs: 5500, byMs: 30 }]);
  });

  it('a tap that starts itself is opened before the gate, told the start instant', async () => {
    const { tap } = fakeTap();
    const up = fakeUploader();
    const scheduled = vi.fn(() => tap);
    const gate = new Promise<void>(() => {}); // the page never gets round to the gate
    const placement = { sync: { ready: async () => {}, clock: { estimate: () => null } } as never, gate, startsAt: Promise.resolve(1234.5) };
    const r = await LosslessRecorder.start({ scheduled }, { roomId: 'r', takeId: 't', label: 'Ann' }, up, placement);
    expect(scheduled).toHaveBeenCalledWith(1234.5);
    expect(r.localId).toBe('local-1');
  });

  it('hands the take’s reference its samples up to the first silence put in, and where its first sample is', async () => {
    const { r, handler, reference } = await recordingForReference(777);
    // quarter-second blocks in time for 1 s, then a second of input lost, then in time for 3 s
    const stamps = [...Array.from({ length: 4 }, (_, i) => 1000 + i * 250), ...Array.from({ length: 12 }, (_, i) => 3000 + i * 250)];
    for (const renderedAt of stamps) handler({ channels: [new Float32Array(2000).fill(0.5)], renderedAt });
    await r.stop();
    const sound = (await reference.sound)!;
    expect(sound.firstLocal).toBe(777);
    expect(sound.rate).toBe(8000);
    // the track got a second of silence where the input was lost, right after the 1 s rendered in
    // time; the camera's recorder lost that second without a word, so the reference is the 3 s
    // after it, and says how much was filled before it
    const filled = r.frames - 16 * 2000;
    expect(filled).toBeGreaterThan(7900);
    expect(sound.filledBeforeMs).toBeCloseTo(filled / 8, 6);
    expect(sound.fromMs).toBeCloseTo(1000 + filled / 8, 6);
    expect(sound.samples.length).toBe(5 * 8000 - 8000 - filled);
    expect(sound.samples.every((v) => v === 0.5)).toBe(true);
  });

  it('counts the silence the tap began the track with among what was filled', async () => {
    let handler: (b: TapBlock) => void = () => {};
    const tap: PcmTapPort = { format: { sampleRate: 8000, channels: 1 }, onBlock: (h) => (handler = h), flush: async () => {}, firstSample: Promise.resolve(5) };
    const starts: TrackStart[] = [];
    const r = await LosslessRecorder.start(tap, { roomId: 'r', takeId: 't', label: 'Ann' }, fakeUploader(), undefined, (s) => starts.push(s));
    handler({ channels: [new Float32Array(2000)], firstRenderedAt: 1000, renderedAt: 1250, leadSilence: 400 });
    handler({ channels: [new Float32Array(2000)], renderedAt: 1500 });
    await r.stop();
    expect(starts[0]!.filledMs).toBe(50);
  });

  it('counts it beside the silence a tap put in for its own skips, and says where each lies', async () => {
    let handler: (b: TapBlock) => void = () => {};
    const tap: PcmTapPort = { format: { sampleRate: 8000, channels: 1 }, onBlock: (h) => (handler = h), flush: async () => {} };
    const starts: TrackStart[] = [];
    const r = await LosslessRecorder.start(tap, { roomId: 'r', takeId: 't', label: 'Ann' }, fakeUploader(), undefined, (s) => starts.push(s));
    handler({ channels: [new Float32Array(2000)], leadSilence: 400 });
    handler({ channels: [new Float32Array(2000)], fills: [{ at: 1000, frames: 160 }] }); // 20 ms, 375 ms into the track
    await r.stop();
    expect(starts[0]!.filledMs).toBe(70);
    expect(starts[0]!.fills).toEqual([{ atMs: 0, ms: 50 }, { atMs: 375, ms: 20 }]);
  });

  it('stores where silence went in with the track’s timing before it lets the upload finish, and says so where none did', async () => {
    let handler: (b: TapBlock) => void = () => {};
    const tap: PcmTapPort = { format: { sampleRate: 8000, channels: 1 }, onBlock: (h) => (handler = h), flush: async () => {} };
    const timing: Record<string, unknown> = {};
    const order: string[] = [];
    const up = {
      ...fakeUploader(),
      place: vi.fn(async (_id: string, patch: Record<string, unknown>) => {
        await new Promise((r) => setTimeout(r, 5)); // IndexedDB takes its time
        Object.assign(timing, patch);
        order.push('place');
      }),
      stop: vi.fn(async () => void order.push('stop')),
    };
    const r = await LosslessRecorder.start(tap, { roomId: 'r', takeId: 't', label: 'Ann' }, up);
    handler({ channels: [new Float32Array(2000)], leadSilence: 400 });
    handler({ channels: [new Float32Array(2000)], fills: [{ at: 1000, frames: 160 }] });
    await r.stop();
    expect(timing.fills).toEqual([[0, 50], [375, 20]]);
    expect(order.at(-1)).toBe('stop');

    const quiet = { ...fakeUploader(), place: vi.fn(async () => {}) };
    let h2: (b: TapBlock) => void = () => {};
    const r2 = await LosslessRecorder.start({ ...tap, onBlock: (h) => (h2 = h) }, { roomId: 'r', takeId: 't', label: 'Ann' }, quiet);
    h2({ channels: [new Float32Array(2000)] });
    await r2.stop();
    expect(quiet.place).toHaveBeenCalledWith('local-1', { fills: [] });
  });

  it('splits the reference inside a block where the tap says it put in silence, and at the silence a track began with', async () => {
    const { r, handler, reference } = await recordingForReference(5);
    const lead = new Float32Array(8000).fill(0.5);
    lead.fill(0, 0, 400);
    handler({ channels: [lead], leadSilence: 400 });
    const filled = new Float32Array(8000).fill(0.5);
    filled.fill(0, 3000, 3160);
    handler({ channels: [filled], fills: [{ at: 3000, frames: 160 }] });
    handler({ channels: [new Float32Array(8000).fill(0.5)] });
    await r.stop();
    expect(r.frames).toBe(24_000);
    // 400–11,000 before the silence, 11,160–24,000 after it: the longer is kept
    const sound = (await reference.sound)!;
    expect(sound).toMatchObject({ samples: { length: 12_840 }, fromMs: 1395, filledBeforeMs: 70 });
    expect(sound.samples.every((v) => v === 0.5)).toBe(true);
  });

  it('a chunk the browser refuses is held, reported, and stored once it can be: nothing is lost', async () => {
    const { tap, emit } = fakeTap();
    const up = fakeUploader();
    up.addChunk.mockRejectedValueOnce(new Error('quota'));
    const r = await LosslessRecorder.start(tap, { roomId: 'r', takeId: 't', label: 'Ann' }, up);
    emit(4800);
    await r.stop();
    expect(up.chunks.map((c) => c.bytes)).toEqual([WAV_HEADER_BYTES, 14_400]);
    expect(up.holding).toHaveBeenCalledWith('local-1', expect.any(Number), 'quota');
    expect(up.holding).toHaveBeenLastCalledWith('local-1', 0, null);
  });
});

describe('LosslessSource', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('refuses a microphone whose audio context never starts (no audio output), rather than record nothing', async () => {
    vi.useFakeTimers();
    const contexts: { state: string; closed: boolean }[] = [];
    vi.stubGlobal('AudioContext', class {
      state = 'suspended';
      closed = false;
      sampleRate = 48_000;
      audioWorklet = { addModule: vi.fn(async () => {}) };
      constructor() {
        contexts.push(this);
      }
      resume = () => new Promise(() => {}); // as Firefox's, with no device to play to
      close = async () => void (this.closed = true);
    });
    const track = { getSettings: () => ({ channelCount: 1 }) } as unknown as MediaStreamTrack;
    const opening = LosslessSource.open(track);
    const refused = expect(opening).rejects.toThrow(/audio does not start/);
    await vi.advanceTimersByTimeAsync(3000);
    await refused;
    expect(contexts[0]!.closed).toBe(true);
  });
});
