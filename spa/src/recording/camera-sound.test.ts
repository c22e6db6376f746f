import { describe, expect, it, vi } from 'vitest';
import { CameraSound, lostBeforeStretch } from './camera-sound';
import { ID, element, idBytes, readId, readSize, uintBytes } from './ebml';
import type { ReferenceSound } from '../sync/audio-reference';

const RATE = 8000;
const BLOCK_MS = 20;

/** Beeps at `times` (s), each 20 ms of a tone, in `seconds` of silence. */
function beeps(times: number[], seconds: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  for (const t of times) {
    const at = Math.round(t * RATE);
    for (let i = 0; i < 0.02 * RATE; i++) if (at + i >= 0 && at + i < out.length) out[at + i] = 0.5 * Math.sin(i);
  }
  return out;
}

/** Where the microphone beeped (s from the lossless track's first sample): no two gaps alike. */
const TIMES = [0.31, 0.9, 1.37, 2.05, 2.4, 3.3, 3.71, 4.6, 5.17, 5.93, 6.41, 7.38, 7.7, 8.52, 9.1, 9.64, 10.4, 11.2];

/**
 * A camera file as MediaRecorder writes it (unknown-size Segment and Clusters, a video block
 * between audio ones), whose audio blocks (every 20 ms from `leadMs` to `ms`) each carry their own
 * time: the fake decoder below reads it back and gives the sound `camera` says was there.
 */
function cameraFile(ms: number, leadMs: number): Uint8Array[] {
  const unknown = [0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  const head = [
    ...element(ID.EBML, element(0x4282, [...new TextEncoder().encode('webm')])),
    ...idBytes(ID.Segment), ...unknown,
    ...element(ID.Info, element(ID.TimecodeScale, uintBytes(1_000_000))),
    ...element(ID.Tracks, [
      ...element(ID.TrackEntry, [...element(ID.TrackNumber, [1]), ...element(ID.TrackType, [2]), ...element(ID.CodecID, [...new TextEncoder().encode('A_OPUS')])]),
      ...element(ID.TrackEntry, [...element(ID.TrackNumber, [2]), ...element(ID.TrackType, [1]), ...element(ID.CodecID, [...new TextEncoder().encode('V_VP9')])]),
    ]),
  ];
  const chunks = [new Uint8Array(head)];
  for (let cluster = 0; cluster < ms; cluster += 1000) {
    const body = [...idBytes(ID.Cluster), ...unknown, ...element(ID.Timecode, uintBytes(cluster))];
    for (let t = Math.max(cluster, leadMs); t < Math.min(cluster + 1000, ms); t += BLOCK_MS) {
      body.push(...element(ID.SimpleBlock, [0x81, ...uint16(t - cluster), 0x80, ...uint32(t)]));
      body.push(...element(ID.SimpleBlock, [0x82, ...uint16(t - cluster), 0x80, ...new Array<number>(300).fill(7)]));
    }
    chunks.push(new Uint8Array(body));
  }
  return chunks;
}
const uint16 = (v: number) => [(v >> 8) & 0xff, v & 0xff];
const uint32 = (v: number) => [(v >>> 24) & 0xff, (v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff];

/** Decodes cameraFile's extracts: from the time its first block carries, `sound(fileMs)`'s samples, a block's worth each. */
function fakeDecoder(sound: (fileMs: number, frames: number) => Float32Array) {
  return vi.fn(async (file: ArrayBuffer, rate: number) => {
    expect(rate).toBe(RATE);
    const blocks = audioBlocks(new Uint8Array(file));
    return sound(blocks[0]!, (blocks.length * BLOCK_MS * RATE) / 1000);
  });
}

/** The times the audio blocks of an audio-only file carry, in order. */
function audioBlocks(bytes: Uint8Array): number[] {
  const out: number[] = [];
  const walk = (from: number, to: number) => {
    for (let at = from; at < to; ) {
      const id = readId(bytes, at);
      const size = readSize(bytes, at + id.width);
      const data = at + id.width + size.width;
      if (id.value === ID.Segment || id.value === ID.Cluster) walk(data, data + size.value);
      if (id.value === ID.SimpleBlock) out.push(new DataView(bytes.buffer, bytes.byteOffset + data + 4, 4).getUint32(0));
      at = data + size.value;
    }
  };
  walk(0, bytes.length);
  return out;
}

/** The camera's audio began `lateMs` after the lossless track's first sample, `leadMs` into its file, and lost `lost` (s, from–to) of input. */
function cameraSound(lateMs: number, leadMs: number, lost: [number, number] | null = null, times = TIMES) {
  return (fileMs: number, frames: number) => {
    const startS = (fileMs - leadMs + lateMs) / 1000; // on the lossless track's time line, but for what was lost
    const lostS = lost ? lost[1] - lost[0] : 0;
    const heard = times.flatMap((t) => (lost && t >= lost[0] && t < lost[1] ? [] : [lost && t >= lost[1] ? t - lostS : t])).map((t) => t - startS);
    return beeps(heard, frames / RATE);
  };
}

/** The lossless track's stretch from `fromS` for `seconds`, as AudioReference gives it. */
function stretch(fromS: number, seconds: number, firstLocal: number, filledBeforeS = 0, quiet = false, times = TIMES): ReferenceSound {
  const samples = quiet ? new Float32Array(seconds * RATE) : beeps(times.map((t) => t - fromS).filter((t) => t >= 0 && t < seconds), seconds);
  // what was filled, as one loss just before the stretch
  const fillsBefore = filledBeforeS > 0 ? [{ atMs: (fromS - filledBeforeS) * 1000, ms: filledBeforeS * 1000 }] : [];
  return { samples, rate: RATE, firstLocal, fromMs: fromS * 1000, filledBeforeMs: filledBeforeS * 1000, fillsBefore };
}

function recorded(cam: CameraSound, ms: number, leadMs: number) {
  for (const c of cameraFile(ms, leadMs)) cam.see(c.slice().buffer);
}

describe('CameraSound', () => {
  it('places the file by where its sound is in the lossless track’s first window, less the audio lead', async () => {
    // The camera's audio began 60 ms after the lossless track's, 21 ms into its file.
    const cam = new CameraSound(fakeDecoder(cameraSound(60, 21)));
    recorded(cam, 7000, 21);
    const t = await cam.timeZero((k) => Promise.resolve(k === 0 ? stretch(0, 5, 1000) : null), Promise.resolve(21));
    expect(t.match!.lag!.lagMs).toBeCloseTo(60, 0);
    expect(t.local).toBeCloseTo(1000 + 60 - 21, 0);
    expect(t.match!.score).toBeGreaterThan(0.9);
  });

  it('placed by a later window where the first was quiet, decodes only the audio around it', async () => {
    const decode = fakeDecoder(cameraSound(-45, 33));
    const cam = new CameraSound(decode);
    recorded(cam, 12_000, 33);
    const windows = [stretch(0, 5, 500, 0, true), stretch(5, 5, 500)];
    const t = await cam.timeZero((k) => Promise.resolve(windows[k] ?? null), Promise.resolve(33));
    expect(t.stretch).toEqual({ fromMs: 5000, ms: 5000 });
    expect(t.match!.lag!.lagMs).toBeCloseTo(-45, 0);
    expect(t.local).toBeCloseTo(500 - 45 - 33, 0);
    // the second window's extract: about 5 s of audio around where its stretch lies, not the file
    const second = audioBlocks(new Uint8Array(decode.mock.calls[1]![0]));
    expect(second[0]).toBeGreaterThan(5000 + 33 - 800);
    expect(second.length * BLOCK_MS).toBeLessThan(5000 + 1500);
  });

  it('looks past the take’s first minute for a person who said nothing before', async () => {
    // The guest listened to the host's intro for 65 s, then spoke.
    const late = TIMES.map((t) => t + 65);
    const decode = fakeDecoder(cameraSound(-70, 21, null, late));
    const cam = new CameraSound(decode);
    // recorded as the take goes: by the time window k is seen, the camera has a second more
    const chunks = cameraFile(76_000, 21);
    let seen = 0;
    const windows = (k: number) => {
      for (; seen < Math.min(chunks.length, 5 * k + 7); seen++) cam.see(chunks[seen]!.slice().buffer);
      return Promise.resolve(k < 15 ? stretch(5 * k, 5, 200, 0, k < 13, late) : null);
    };
    const t = await cam.timeZero(windows, Promise.resolve(21));
    expect(t.stretch).toEqual({ fromMs: 65_000, ms: 5000 });
    expect(t.match!.lag!.lagMs).toBeCloseTo(-70, 0);
    expect(t.local).toBeCloseTo(200 - 70 - 21, 0);
    expect(decode).toHaveBeenCalledTimes(14); // every window to the 14th was tried
  });

  it('stopped before its lossless track (its own failure), does not wait for the track’s later windows', async () => {
    const cam = new CameraSound(fakeDecoder(cameraSound(0, 0)));
    recorded(cam, 7000, 0);
    cam.stopped();
    const asked: number[] = [];
    // the lossless track goes on: windows from the third on are not yet seen
    const windows = (k: number) => (asked.push(k), k < 2 ? Promise.resolve(stretch(5 * k, 5, 0, 0, true)) : new Promise<null>(() => {}));
    const t = await Promise.race([cam.timeZero(windows, Promise.resolve(0)), new Promise<'waited'>((r) => setTimeout(() => r('waited'), 1000))]);
    expect(t).toMatchObject({ local: null, why: expect.stringMatching(/^the sounds do not match/) });
    expect(asked).toEqual([0, 1]);
  });

  it('placed by a stretch after input both recorders lost, puts the file’s time 0 where it was, before the loss', async () => {
    // 1.0–1.5 s of the microphone's input was lost: the lossless track has silence there, the
    // reference is its stretch from 1.5 s; the camera's audio began 60 ms after the lossless
    // track and simply lacks it.
    const cam = new CameraSound(fakeDecoder(cameraSound(60, 21, [1, 1.5])));
    recorded(cam, 7000, 21);
    const t = await cam.timeZero((k) => Promise.resolve(k === 0 ? stretch(1.5, 3.5, 1000, 0.5) : null), Promise.resolve(21));
    // from 1.5 s on, a sound c into the camera's audio is c + 560 ms into the lossless track; the
    // file began 60 ms after the track, and lacks the half-second lost
    expect(t.match!.lag!.lagMs).toBeCloseTo(560, 0);
    expect(t.local).toBeCloseTo(1000 + 60 - 21, 0);
    expect(t.stretch).toEqual({ fromMs: 1500, ms: 3500 });
  });

  it('follows the file no further once placed', async () => {
    const cam = new CameraSound(fakeDecoder(cameraSound(60, 21)));
    const chunks = cameraFile(20_000, 21);
    for (const c of chunks.slice(0, 8)) cam.see(c.slice().buffer);
    await cam.timeZero((k) => Promise.resolve(k === 0 ? stretch(0, 5, 1000) : null), Promise.resolve(21));
    const kept = (cam as unknown as { audio: { kept: { toMs: number } } }).audio.kept.toMs;
    for (const c of chunks.slice(8)) cam.see(c.slice().buffer);
    expect((cam as unknown as { audio: { kept: { toMs: number } } }).audio.kept.toMs).toBe(kept);
  });

  it('matches what it has when the recording stops early', async () => {
    const cam = new CameraSound(fakeDecoder(cameraSound(-15, 0)));
    recorded(cam, 3000, 0);
    cam.stopped();
    const t = await cam.timeZero((k) => Promise.resolve(k === 0 ? stretch(0, 3, 0) : null), Promise.resolve(0));
    expect(t.local).toBeCloseTo(-15, 0);
  });

  it('does not place the file where the sound does not tell, the decoder fails or there is no reference or lead', async () => {
    const quiet = (k: number) => Promise.resolve(k < 2 ? stretch(5 * k, 5, 0, 0, true) : null);
    const silent = new CameraSound(fakeDecoder(() => new Float32Array(6 * RATE)));
    recorded(silent, 12_000, 0);
    silent.stopped();
    expect(await silent.timeZero((k) => Promise.resolve(k < 2 ? stretch(5 * k, 5, 0) : null), Promise.resolve(0))).toMatchObject({ local: null, why: expect.stringMatching(/^the sounds do not match/) });

    const broken = new CameraSound(async () => {
      throw new Error('EncodingError');
    });
    recorded(broken, 7000, 0);
    expect(await broken.timeZero((k) => Promise.resolve(stretch(5 * k, 5, 0)), Promise.resolve(0))).toEqual({ local: null, why: 'its audio does not decode: EncodingError' });

    const decode = fakeDecoder(cameraSound(0, 0));
    const noRef = new CameraSound(decode);
    recorded(noRef, 7000, 0);
    expect(await noRef.timeZero(() => Promise.resolve(null), Promise.resolve(0))).toEqual({ local: null, why: 'no lossless sound to match' });
    const noLead = new CameraSound(decode);
    recorded(noLead, 7000, 0);
    expect(await noLead.timeZero(quiet, Promise.resolve(null))).toEqual({ local: null, why: 'no audio block in the file' });
    expect(decode).not.toHaveBeenCalled();

    const notWebm = new CameraSound(decode);
    notWebm.see(new Uint8Array([1, 2, 3, 4]).buffer);
    expect((await notWebm.timeZero((k) => Promise.resolve(k === 0 ? stretch(0, 5, 0) : null), Promise.resolve(0))).why).toMatch(/^its audio cannot be followed: not a WebM file/);
  });

  it('gives up on a decoder that never answers', async () => {
    vi.useFakeTimers();
    try {
      const cam = new CameraSound(() => new Promise(() => {}));
      recorded(cam, 7000, 0);
      const t = cam.timeZero((k) => Promise.resolve(k === 0 ? stretch(0, 5, 0) : null), Promise.resolve(0));
      await vi.advanceTimersByTimeAsync(5000);
      expect(await t).toEqual({ local: null, why: 'its audio does not decode: no answer' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up waiting for a reference that never comes', async () => {
    vi.useFakeTimers();
    try {
      const cam = new CameraSound(fakeDecoder(cameraSound(0, 0)));
      recorded(cam, 7000, 0);
      const t = cam.timeZero(() => new Promise(() => {}), Promise.resolve(0));
      await vi.advanceTimersByTimeAsync(15_000);
      expect((await t).local).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });

  it('waits for the camera’s audio where the stretch lies, and no longer once the recording stopped', async () => {
    const cam = new CameraSound(fakeDecoder(cameraSound(60, 21)));
    const chunks = cameraFile(7000, 21);
    for (const c of chunks.slice(0, 4)) cam.see(c.slice().buffer); // 3 s recorded
    let settled = false;
    const t = cam.timeZero((k) => Promise.resolve(k === 0 ? stretch(0, 5, 1000) : null), Promise.resolve(21));
    void t.then(() => (settled = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(settled).toBe(false);
    for (const c of chunks.slice(4)) cam.see(c.slice().buffer);
    expect((await t).local).toBeCloseTo(1000 + 60 - 21, 0);

    const stopped = new CameraSound(fakeDecoder(cameraSound(60, 21)));
    for (const c of chunks.slice(0, 5)) stopped.see(c.slice().buffer);
    stopped.stopped();
    expect((await stopped.timeZero((k) => Promise.resolve(k === 0 ? stretch(0, 5, 1000) : null), Promise.resolve(21))).local).toBeCloseTo(1039, 0);
  });
});

describe('lostBeforeStretch', () => {
  it('counts the fills that begin after the file’s real time 0, which lies earlier by them', () => {
    expect(lostBeforeStretch(500, [])).toBe(0);
    // both after time 0 (500 − 30 = 470 ≤ 1000): both lost
    expect(lostBeforeStretch(500, [{ atMs: 1000, ms: 10 }, { atMs: 2000, ms: 20 }])).toBe(30);
    // the measured Firefox take: 79.1 ms filled from the lossless track's first sample, the camera
    // begun after it (at 122.1, having lost the 434 ms after): counted, it lay 78.3 ms early at every beep
    expect(lostBeforeStretch(122.1 + 434, [{ atMs: 0, ms: 79.1 }, { atMs: 329.1, ms: 434 }])).toBeCloseTo(434, 6);
    // letting one go moves time 0 later, past the next: that one goes too
    expect(lostBeforeStretch(115, [{ atMs: 10, ms: 50 }, { atMs: 60, ms: 50 }])).toBe(0);
    // both begun after time 0 as placed: both lost, and that placement holds
    expect(lostBeforeStretch(100, [{ atMs: 10, ms: 50 }, { atMs: 60, ms: 50 }])).toBe(100);
    // a fill at time 0 as placed is not after it
    expect(lostBeforeStretch(150, [{ atMs: 100, ms: 50 }])).toBe(0);
  });
});
