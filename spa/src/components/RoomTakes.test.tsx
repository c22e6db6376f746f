/** @vitest-environment jsdom */
import { cleanup, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../api/ApiContext';
import type { Take } from '../api/types';
import { fakeApi } from '../test/fakeApi';
import { RoomTakes } from './RoomTakes';

afterEach(cleanup);

const take: Take = {
  id: 't1',
  startedAt: '2026-11-30T10:00:00Z',
  stoppedAt: '2026-11-30T10:30:00Z',
  tracks: [
    { recordingId: 'a', userId: 'u1', displayName: 'Ada', kind: 'camera', state: 'complete', offsetMs: 0, stranded: false },
    { recordingId: 'g', userId: 'u2', displayName: 'Grace', kind: 'camera', state: 'uploading', offsetMs: 40, stranded: true },
  ],
};

describe('RoomTakes', () => {
  it('says which track is stranded, and whose browser must finish it', async () => {
    const api = fakeApi({
      listTakes: vi.fn().mockResolvedValue({ takes: [take] }),
      listRecordings: vi.fn().mockResolvedValue({ recordings: [] }),
    });
    render(
      <ApiProvider client={api}>
        <RoomTakes roomId="r1" />
      </ApiProvider>,
    );
    const grace = await screen.findByText("stranded — waiting for Grace's browser to finish uploading");
    expect(grace.closest('li')?.getAttribute('data-recording-id')).toBe('g');
    expect(screen.getAllByText(/stranded/)).toHaveLength(1);
    expect(screen.getByRole('link', { name: "Download Ada's camera" })).toBeTruthy();
    // the stopped take with a complete track offers the whole take as one ZIP
    expect(screen.getByRole('button', { name: 'Download take' })).toBeTruthy();
  });

  it('offers no Download take while the take runs or before any track is complete', async () => {
    const running = { ...take, id: 't2', stoppedAt: null };
    const empty = { ...take, id: 't3', tracks: take.tracks.map((t) => ({ ...t, state: 'uploading' })) };
    const api = fakeApi({
      listTakes: vi.fn().mockResolvedValue({ takes: [running, empty] }),
      listRecordings: vi.fn().mockResolvedValue({ recordings: [] }),
    });
    render(
      <ApiProvider client={api}>
        <RoomTakes roomId="r1" />
      </ApiProvider>,
    );
    await screen.findAllByText(/Take 2/);
    expect(screen.queryByRole('button', { name: 'Download take' })).toBeNull();
  });
});
