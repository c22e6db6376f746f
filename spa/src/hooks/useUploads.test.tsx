/** @vitest-environment jsdom */
import { act, cleanup, renderHook } from '@testing-library/react';
import type { ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { RecordingProvider } from '../recording/RecordingContext';
import type { RecordingService } from '../recording/service';
import type { TrackProgress } from '../recording/uploader';
import { useUploadActions, useUploads } from './useUploads';

afterEach(cleanup);

const track: TrackProgress = { localId: 'l1', takeId: 't', kind: 'audio', label: 'Ann', state: 'failed', bytesRecorded: 10, bytesUploaded: 0 };

function fakeService() {
  let listener = () => {};
  let list: TrackProgress[] = [];
  const uploader = {
    onChange: vi.fn((l: () => void) => ((listener = l), () => (listener = () => {}))),
    retry: vi.fn(async () => {}),
    discard: vi.fn(async () => {}),
  };
  const service = { uploader, snapshot: () => list } as unknown as RecordingService;
  return { service, uploader, change: (next: TrackProgress[]) => ((list = next), listener()) };
}

const wrapper = (service: Promise<RecordingService>) => ({ children }: { children: ReactNode }) => <RecordingProvider service={service}>{children}</RecordingProvider>;

describe('useUploads', () => {
  it('is null until the service opens, then follows its uploader', async () => {
    const f = fakeService();
    const { result } = renderHook(() => useUploads(), { wrapper: wrapper(Promise.resolve(f.service)) });
    expect(result.current).toBeNull();
    await vi.waitFor(() => expect(result.current).toEqual([]));
    act(() => f.change([track]));
    expect(result.current).toEqual([track]);
  });

  it('stays null where the service cannot open', async () => {
    const { result } = renderHook(() => useUploads(), { wrapper: wrapper(Promise.reject(new Error('no IndexedDB'))) });
    await new Promise((r) => setTimeout(r, 0));
    expect(result.current).toBeNull();
  });
});

describe('useUploadActions', () => {
  it('retries and discards through the provided service', async () => {
    const f = fakeService();
    const { result } = renderHook(() => useUploadActions(), { wrapper: wrapper(Promise.resolve(f.service)) });
    result.current.retry('l1');
    result.current.discard('l2');
    await vi.waitFor(() => expect(f.uploader.discard).toHaveBeenCalledWith('l2'));
    expect(f.uploader.retry).toHaveBeenCalledWith('l1');
  });
});
