import { describe, expect, it } from 'vitest';
import type { Take, TakeTrack } from '../api/types';
import { clock, mimeFormat, size, takeLengthMs, takePeople, takeSize, takeTitle, trackFormat, trackStatus } from './take-view';

const track = (over: Partial<TakeTrack> = {}): TakeTrack => ({
  recordingId: 'r',
  userId: 'u2',
  displayName: 'Grace',
  kind: 'camera',
  state: 'complete',
  offsetMs: 0,
  ...over,
});

const take = (over: Partial<Take> = {}): Take => ({
  id: 't1',
  name: null,
  startedAt: '2026-12-01T10:00:00.000Z',
  startAt: '2026-12-01T10:00:03.000Z',
  stoppedAt: '2026-12-01T10:12:08.000Z',
  tracks: [],
  ...over,
});

describe('take-view', () => {
  it("titles a take by the host's name, else by its number", () => {
    expect(takeTitle(take(), 3)).toBe('Take 3');
    expect(takeTitle(take({ name: 'Pilot' }), 3)).toBe('Pilot');
    expect(takeTitle(take({ name: '  ' }), 3)).toBe('Take 3');
  });

  it('measures a take from its recorders’ start to its stop, or to now while it runs', () => {
    expect(takeLengthMs(take(), 0)).toBe(12 * 60_000 + 5000);
    const running = take({ stoppedAt: null });
    expect(takeLengthMs(running, Date.parse('2026-12-01T10:00:13Z'))).toBe(10_000);
    // during the countdown there is nothing to measure yet
    expect(takeLengthMs(running, Date.parse('2026-12-01T10:00:01Z'))).toBeNull();
    // an older server without startAt: the countdown is added to startedAt
    expect(takeLengthMs(take({ startAt: undefined }), 0)).toBe(12 * 60_000 + 5000);
    expect(clock(12 * 60_000 + 5000)).toBe('12:05');
    expect(clock(999)).toBe('0:00');
    expect(clock(3_729_000)).toBe('1:02:09');
  });

  it('lists each person once, and sums what the saved tracks weigh', () => {
    const t = take({
      tracks: [
        track({ displayName: 'Ada', size: 1000 }),
        track({ displayName: 'Grace', size: 2_000_000 }),
        track({ displayName: 'Ada', kind: 'audio', size: null }),
      ],
    });
    expect(takePeople(t)).toEqual(['Ada', 'Grace']);
    expect(takeSize(t)).toBe(2_001_000);
    expect(size(takeSize(t))).toBe('1.9 MB');
    expect(size(500)).toBe('1 KB');
    expect(size(870_400)).toBe('850 KB');
    expect(size(1_331_439_861)).toBe('1.24 GB');
    expect(size(null)).toBe('');
  });

  it('names container and codecs, and a lossless track’s sample rate', () => {
    expect(mimeFormat('video/webm;codecs=vp9,opus')).toBe('WebM · VP9, Opus');
    expect(mimeFormat('video/mp4;codecs="avc1.64001f,opus"')).toBe('MP4 · H.264, Opus');
    expect(mimeFormat('audio/webm;codecs=pcm')).toBe('WebM · PCM');
    expect(mimeFormat('audio/wav')).toBe('WAV');
    expect(mimeFormat('video/x-unknown;codecs=zz9')).toBe('video/x-unknown · zz9');
    expect(mimeFormat(undefined)).toBe('');
    expect(trackFormat(track({ kind: 'audio', mimeType: 'audio/wav', sampleRate: 48000 }))).toBe('WAV · 48 kHz');
    expect(trackFormat(track({ kind: 'audio', mimeType: 'audio/flac', sampleRate: 44100 }))).toBe('FLAC · 44.1 kHz');
    expect(trackFormat(track({ mimeType: 'video/webm;codecs=vp8,opus', sampleRate: null }))).toBe('WebM · VP8, Opus');
  });

  it('says saved, recording or uploading from the server’s record, and what to do about a stranded or discarded track', () => {
    const stopped = take();
    expect(trackStatus(track(), stopped, 'u1')).toEqual({ word: 'saved', advice: null });
    expect(trackStatus(track({ state: 'uploading' }), take({ stoppedAt: null }), 'u1')).toEqual({ word: 'recording', advice: null });
    expect(trackStatus(track({ state: 'uploading' }), stopped, 'u1')).toEqual({ word: 'uploading', advice: null });

    const stranded = trackStatus(track({ state: 'uploading', stranded: true }), stopped, 'u1');
    expect(stranded.word).toBe('stopped');
    expect(stranded.advice).toMatch(/^Grace's upload stopped — it resumes when Grace reopens the invite link/);
    expect(stranded.advice).toMatch(/ask Grace to press Try again\.$/);

    const mine = trackStatus(track({ state: 'uploading', stranded: true, userId: 'u1' }), stopped, 'u1');
    expect(mine.advice).toMatch(/^Your upload stopped — it resumes when you open this room again/);

    const discarded = trackStatus(track({ state: 'aborted' }), stopped, 'u1');
    expect(discarded.word).toBe('discarded');
    expect(discarded.advice).toMatch(/^Not saved/);
    // a page drops a recording that caught nothing (a camera not yet started at Stop): said too
    expect(discarded.advice).toMatch(/caught nothing before Stop/);
  });
});
