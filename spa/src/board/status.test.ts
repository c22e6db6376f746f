import { describe, expect, it } from 'vitest';
import type { TrackProgress } from '../recording/upload-progress';
import { captureFormat, ownStatus } from './status';
import { leaveWarning } from './leave';
import { formatElapsed } from './elapsed';

const up = (p: Partial<TrackProgress>): TrackProgress => ({
  localId: 'l', takeId: 't', kind: 'camera', label: 'Ann', state: 'uploading', bytesRecorded: 0, bytesUploaded: 0, ...p,
});

describe('ownStatus', () => {
  it('is idle with nothing recorded, and never claims saved for complete tracks', () => {
    expect(ownStatus([])).toEqual({ state: 'idle', pendingBytes: 0 });
    expect(ownStatus([up({ state: 'complete', bytesRecorded: 9, bytesUploaded: 9 })])).toEqual({ state: 'idle', pendingBytes: 0 });
  });

  it('adds every unfinished track’s bytes not in the store, what IndexedDB refused included; the most urgent word wins', () => {
    const uploads = [
      up({ state: 'uploading', bytesRecorded: 10_000_000, bytesUploaded: 4_000_000 }),
      up({ state: 'recording', bytesRecorded: 3_000, bytesUploaded: 0, held: { bytes: 500, reason: 'quota' } }),
      up({ state: 'complete', bytesRecorded: 7, bytesUploaded: 7 }),
    ];
    expect(ownStatus(uploads)).toEqual({ state: 'recording', pendingBytes: 6_003_500 });
    expect(ownStatus([...uploads, up({ state: 'failed', bytesRecorded: 100 })])).toEqual({ state: 'failed', pendingBytes: 6_003_600 });
    expect(ownStatus([uploads[0]!])).toEqual({ state: 'uploading', pendingBytes: 6_000_000 });
  });
});

describe('captureFormat', () => {
  it('names the recorded camera by height and frame rate and the lossless track by rate', () => {
    expect(captureFormat({ width: 1920, height: 1080, frameRate: 29.97 }, 48_000)).toBe('1080p30 · 48 kHz lossless');
    expect(captureFormat({ height: 720 }, 44_100)).toBe('720p · 44.1 kHz lossless');
    expect(captureFormat(undefined, 48_000)).toBe('48 kHz lossless');
    expect(captureFormat({ height: 480, frameRate: 20 }, null)).toBe('480p20');
    expect(captureFormat(undefined, null)).toBeNull();
  });
});

describe('leaveWarning', () => {
  it('asks only while something is not in the store yet, saying how much', () => {
    expect(leaveWarning(null)).toBeNull();
    expect(leaveWarning([up({ state: 'complete', bytesRecorded: 5, bytesUploaded: 5 })])).toBeNull();
    expect(leaveWarning([up({ bytesRecorded: 12_582_912 })])).toBe(
      '12.0 MB of your recordings has not reached the server yet. Leave anyway? Keep this browser: the upload resumes when you reopen the link.',
    );
  });
});

describe('formatElapsed', () => {
  it('counts m:ss, then h:mm:ss, and 0:00 before the start', () => {
    expect(formatElapsed(-500)).toBe('0:00');
    expect(formatElapsed(61_999)).toBe('1:01');
    expect(formatElapsed(3_600_000 + 62_000)).toBe('1:01:02');
  });
});
