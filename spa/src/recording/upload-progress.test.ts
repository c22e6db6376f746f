import { describe, expect, it, vi } from 'vitest';
import type { LocalRecording } from './db';
import { UploadProgress } from './upload-progress';

const rec = (p: Partial<LocalRecording> = {}): LocalRecording => ({
  localId: 'l1', roomId: 'r', takeId: 't', kind: 'camera', mimeType: 'video/webm', displayLabel: 'Ann', recordingId: null, stopped: false,
  durationMs: 0, nextSeq: 0, unpackedFrom: 0, nextPart: 1, bytesRecorded: 100, bytesUploaded: 0, createdAt: 0, failed: null, ...p,
});

describe('UploadProgress', () => {
  it('keeps what IndexedDB refused across updates from IndexedDB, until the recorder says all is stored', () => {
    const progress = new UploadProgress();
    const heard = vi.fn();
    progress.onChange(heard);
    progress.track(rec());
    progress.holding('l1', 3000, 'The quota has been exceeded.');
    progress.track(rec({ bytesRecorded: 200 }));
    expect(progress.snapshot()[0]).toMatchObject({ bytesRecorded: 200, held: { bytes: 3000, reason: 'The quota has been exceeded.' } });
    progress.holding('l1', 0, null);
    expect(progress.snapshot()[0]!.held).toBeUndefined();
    expect(heard).toHaveBeenCalledTimes(4);
  });

  it('says whether anything is still to be saved', () => {
    const progress = new UploadProgress();
    progress.track(rec({ stopped: true }));
    expect(progress.pending()).toBe(true);
    progress.completed('l1');
    expect(progress.snapshot()[0]).toMatchObject({ state: 'complete', bytesUploaded: 100 });
    expect(progress.pending()).toBe(false);
    progress.failed('l1', 'no room');
    expect(progress.snapshot()[0]).toMatchObject({ state: 'failed', error: 'no room' });
    progress.forget('l1');
    expect(progress.snapshot()).toEqual([]);
  });
});
