import { describe, expect, it } from 'vitest';
import { cameraPieces, fromTakeStart } from './camera-pieces';
import { readManifest } from './manifest';
import { timelineOf } from './timeline';
import { LOSSY_GUEST_CAMERA_PIECES, lossyManifest, sampleManifest } from './timeline-fixture';

const camera = { offsetMs: 2972, durationMs: 12_186 };

describe('cameraPieces', () => {
  it('is the whole file at its offset where nothing was lost, or nothing is known', () => {
    const whole = [{ sourceMs: 0, offsetMs: 2972, durationMs: 12_186 }];
    expect(cameraPieces(camera, { offsetMs: 3000, fills: [] })).toEqual(whole);
    expect(cameraPieces(camera, null)).toEqual(whole);
  });

  it('cuts the file where each loss began in it and moves each piece after the losses before it', () => {
    expect(cameraPieces(camera, { offsetMs: 3000, fills: [{ atMs: 1319, ms: 88 }, { atMs: 5486.4, ms: 45 }] })).toEqual(LOSSY_GUEST_CAMERA_PIECES);
    // the pieces follow on from each other in the file and leave each loss's length between them on the timeline
    const p = LOSSY_GUEST_CAMERA_PIECES;
    expect(p[1]!.offsetMs - (p[0]!.offsetMs + p[0]!.durationMs)).toBe(88);
    expect(p[2]!.offsetMs - (p[1]!.offsetMs + p[1]!.durationMs)).toBe(45);
  });

  it('lines up, beep by beep, a camera measured in a full run (Chromium, four fills of 10–20 ms)', () => {
    // The host's lossless track from 3000 ms with fills at 2156 (10 ms), 2286.1 (20), 2426 and 2446
    // (10 each); its camera placed whole at 2797 had its beeps +49.4, +50.1, +40.1 ms after the
    // lossless track's before and between the fills, and +0.1 after them: where each beep lies in the camera's file.
    const fills = [{ atMs: 2156, ms: 10 }, { atMs: 2286.1, ms: 20 }, { atMs: 2426, ms: 10 }, { atMs: 2446, ms: 10 }];
    const beeps: [number, number][] = [[476, 49.4], [1366, 50.1], [2206, 40.1], [3416, 0.1], [7416, 0.1], [12_286, 0.9]];
    const inFile = beeps.map(([at, diff]) => 3000 + at + diff - 2797);
    // placed as the recorder now places it (its time 0 before the losses: 50 ms earlier), in pieces
    const pieces = cameraPieces({ offsetMs: 2797 - 50, durationMs: 12_600 }, { offsetMs: 3000, fills });
    const onTake = (f: number) => {
      const p = pieces.find((q) => f >= q.sourceMs && f < q.sourceMs + q.durationMs)!;
      return p.offsetMs + f - p.sourceMs;
    };
    inFile.forEach((f, i) => expect(Math.abs(onTake(f) - (3000 + beeps[i]![0]))).toBeLessThan(1.5));
  });

  it('leaves alone a loss before the camera began or after it ended, and runs adjacent losses together', () => {
    expect(cameraPieces(camera, { offsetMs: 2000, fills: [{ atMs: 500, ms: 30 }] })).toEqual([{ sourceMs: 0, offsetMs: 2972, durationMs: 12_186 }]);
    expect(cameraPieces(camera, { offsetMs: 3000, fills: [{ atMs: 20_000, ms: 30 }] })).toEqual([{ sourceMs: 0, offsetMs: 2972, durationMs: 12_186 }]);
    // two fills one after the other in the lossless track are one place in the camera's file
    expect(cameraPieces(camera, { offsetMs: 3000, fills: [{ atMs: 1000, ms: 30 }, { atMs: 1030, ms: 20 }] })).toEqual([
      { sourceMs: 0, offsetMs: 2972, durationMs: 1028 },
      { sourceMs: 1028, offsetMs: 2972 + 1028 + 50, durationMs: 12_186 - 1028 },
    ]);
  });

  it('trims a piece that began before the take at its head', () => {
    expect(fromTakeStart({ sourceMs: 0, offsetMs: -40, durationMs: 1000 })).toEqual({ sourceMs: 40, offsetMs: 0, durationMs: 960 });
    expect(fromTakeStart({ sourceMs: 0, offsetMs: -1000, durationMs: 1000 })).toBeNull();
    expect(fromTakeStart({ sourceMs: 5, offsetMs: 10, durationMs: 100 })).toEqual({ sourceMs: 5, offsetMs: 10, durationMs: 100 });
  });
});

describe('timelineOf', () => {
  it('cuts a camera by its owner’s lossless track’s fills, no one else’s', () => {
    const t = timelineOf(lossyManifest(), 'take');
    const clip = (label: string) => t.clips.find((c) => c.label === label)!;
    expect(clip('Gus Guest · camera').pieces).toEqual(LOSSY_GUEST_CAMERA_PIECES);
    expect(clip('Hana Host · camera').pieces).toEqual([{ sourceMs: 0, offsetMs: 2797, durationMs: 12_500 }]);
    // the lossless track itself is whole: it kept time with silence
    expect(clip('Gus Guest · audio').pieces).toEqual([{ sourceMs: 0, offsetMs: 3000, durationMs: 12_448 }]);
    expect(t.durationMs).toBe(Math.max(8531 + 6760, 2797 + 12_500, 3000 + 12_448));
  });

  it('takes the lossless track begun nearest a camera, for a person with two pairs in the take', () => {
    const raw = lossyManifest().raw as { tracks: Record<string, unknown>[] };
    const rejoined = [...raw.tracks, { recordingId: 'r-gus-cam2', userId: 'u-gus', displayName: 'Gus Guest', kind: 'camera', mimeType: 'video/webm', state: 'complete', offsetMs: 40_000, durationMs: 5000 },
      { recordingId: 'r-gus-wav2', userId: 'u-gus', displayName: 'Gus Guest', kind: 'audio', mimeType: 'audio/wav', state: 'complete', offsetMs: 40_010, durationMs: 5000, fills: [] }];
    const t = timelineOf(readManifest({ ...(lossyManifest().raw as object), tracks: rejoined }), 'take');
    const gus = t.clips.filter((c) => c.label === 'Gus Guest · camera');
    expect(gus.map((c) => c.pieces.length)).toEqual([3, 1]);
  });

  it('leaves an older take, whose manifest has no owners or fills, as it was', () => {
    for (const c of timelineOf(sampleManifest(), 'take').clips) expect(c.pieces).toEqual([{ sourceMs: 0, offsetMs: c.offsetMs, durationMs: c.durationMs }]);
  });
});
