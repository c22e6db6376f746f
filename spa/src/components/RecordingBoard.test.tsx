/** @vitest-environment jsdom */
import { act, cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { HostBoard } from '../board/host-board';
import type { Take } from '../api/types';
import { RecordingBoard } from './RecordingBoard';
import { RecordingTimer } from './RecordingTimer';

afterEach(cleanup);

const status = (state: 'recording' | 'uploading' | 'idle', pendingBytes: number) => ({
  state, pendingBytes, format: '1080p30 · 48 kHz lossless', quality: { rttMs: 14.2, lossPercent: 0.5, sendKbps: 1480 },
});

describe('RecordingBoard', () => {
  it('lists every participant under Recording status with their word, megabytes to go, format and quality', () => {
    const board = new HostBoard(async () => []);
    board.receive({ type: 'joined', peerId: 'h', roomId: 'r', peers: [{ peerId: 'g', userId: 'ug', displayName: 'Grace', role: 'guest', state: { audio: true, video: true, screen: false } }], iceServers: [], recording: null });
    render(<RecordingBoard board={board} />);
    const list = screen.getByRole('list', { name: 'Recording status' });
    expect(within(list).getByText('not recording')).toBeTruthy();
    act(() => {
      board.receive({ type: 'record-stopped', takeId: 't1' });
      board.receive({ type: 'peer-status', peerId: 'g', userId: 'ug', displayName: 'Grace', status: status('uploading', 12_582_912), at: 'x' });
    });
    const item = within(list).getByRole('listitem');
    expect(item.textContent).toBe('Graceuploading · 12.0 MB to upload1080p30 · 48 kHz losslessRTT 14 ms · loss 0.5 % · 1480 kbit/s');
    expect(screen.queryByText('All recordings saved')).toBeNull();
    act(() => board.receive({ type: 'peer-left', peerId: 'g' }));
    expect(screen.getByRole('status').textContent).toBe('Grace left — 12.0 MB still to upload; it resumes when they reopen the link');
    act(() => board.receive({ type: 'track-status', track: { recordingId: 'r1', takeId: 't1', userId: 'ug', displayName: 'Grace', kind: 'camera', state: 'complete', size: 9 } }));
    expect(within(list).getByText('saved')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('All recordings saved');
  });

  it('says under a person whose track of the take will not be saved, and counts them saved by the rest', () => {
    const board = new HostBoard(async () => []);
    board.receive({ type: 'joined', peerId: 'h', roomId: 'r', peers: [{ peerId: 'g', userId: 'ug', displayName: 'Grace', role: 'guest', state: { audio: true, video: true, screen: false } }], iceServers: [], recording: null });
    render(<RecordingBoard board={board} />);
    act(() => {
      board.receive({ type: 'record-started', takeId: 't1', startedAt: 'x', startAt: 'y' });
      board.receive({ type: 'record-stopped', takeId: 't1' });
      board.receive({ type: 'track-status', track: { recordingId: 'r1', takeId: 't1', userId: 'ug', displayName: 'Grace', kind: 'camera', state: 'aborted', size: null } });
      board.receive({ type: 'track-status', track: { recordingId: 'r2', takeId: 't1', userId: 'ug', displayName: 'Grace', kind: 'audio', state: 'complete', size: 9 } });
    });
    const list = screen.getByRole('list', { name: 'Recording status' });
    expect(within(list).getByText('saved')).toBeTruthy();
    expect(within(list).getByRole('status').textContent).toBe("Grace's camera track will not be saved (nothing was recorded, or the upload was discarded)");
  });

  it('reads the takes list once the first board message shows this socket is a host’s', async () => {
    let asked = 0;
    const take: Take = { id: 't1', startedAt: 'x', stoppedAt: 'y', tracks: [{ recordingId: 'r1', userId: 'ug', displayName: 'Grace', kind: 'camera', state: 'complete', offsetMs: 0 }] };
    const board = new HostBoard(async () => (asked++, [take]));
    board.receive({ type: 'joined', peerId: 'h', roomId: 'r', peers: [], iceServers: [], recording: null });
    expect(asked).toBe(0);
    render(<RecordingBoard board={board} />);
    await act(async () => {
      board.receive({ type: 'peer-status', peerId: 'h', userId: 'uh', displayName: 'Hana', status: status('idle', 0), at: 'x' });
      board.receive({ type: 'peer-status', peerId: 'h', userId: 'uh', displayName: 'Hana', status: status('idle', 0), at: 'x' });
    });
    expect(asked).toBe(1);
    expect(screen.getByRole('status').textContent).toBe('All recordings saved');
  });
});

describe('RecordingTimer', () => {
  it('is a timer named Recording time counting from the synced start', () => {
    // half a second past 1:05: the two clocks are read apart and the ISO string drops sub-milliseconds
    const startAt = new Date(Date.now() - 65_500).toISOString();
    render(<RecordingTimer startAt={startAt} toLocal={(ms) => performance.now() - (Date.now() - ms)} />);
    expect(screen.getByRole('timer', { name: 'Recording time' }).textContent).toBe('1:05');
  });
});
