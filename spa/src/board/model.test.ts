import { describe, expect, it } from 'vitest';
import type { RecordingStatus, ServerMessage, TrackRecord } from '../signaling/messages';
import { BoardModel } from './model';

const peer = (peerId: string, userId: string, displayName: string) => ({
  peerId, userId, displayName, role: 'guest', state: { audio: true, video: true, screen: false },
});
const status = (state: RecordingStatus['state'], pendingBytes = 0): RecordingStatus => ({
  state, pendingBytes, format: '1080p30 · 48 kHz lossless', quality: { rttMs: 12, lossPercent: 0, sendKbps: 1400 },
});
const said = (peerId: string, userId: string, displayName: string, s: RecordingStatus): ServerMessage =>
  ({ type: 'peer-status', peerId, userId, displayName, status: s, at: '2026-12-01T12:00:00Z' });
const track = (recordingId: string, userId: string, state: TrackRecord['state'], takeId = 't1'): ServerMessage =>
  ({ type: 'track-status', track: { recordingId, takeId, userId, displayName: null, kind: 'camera', state, size: state === 'complete' ? 10 : null } });

/** A host (h) with guests Ava (a) and Ben (b), a take t1 under way. */
function room() {
  const m = new BoardModel();
  m.receive({ type: 'joined', peerId: 'ph', roomId: 'r', peers: [peer('pa', 'a', 'Ava'), peer('pb', 'b', 'Ben')], iceServers: [], recording: null });
  m.receive(said('ph', 'h', 'Hana', status('idle')));
  m.receive({ type: 'record-started', takeId: 't1', startedAt: 'x', startAt: 'y' });
  for (const [p, u, n] of [['ph', 'h', 'Hana'], ['pa', 'a', 'Ava'], ['pb', 'b', 'Ben']] as const) {
    m.receive(said(p, u, n, status('recording', 1000)));
    m.receive(track(`${u}-cam`, u, 'uploading'));
  }
  return m;
}
const words = (m: BoardModel) => Object.fromEntries(m.view().rows.map((r) => [r.displayName, r.word]));

describe('BoardModel', () => {
  it('lists everyone in the room with the words of the contract, recording while the take runs', () => {
    const m = new BoardModel();
    m.receive({ type: 'joined', peerId: 'ph', roomId: 'r', peers: [peer('pa', 'a', 'Ava')], iceServers: [], recording: null });
    expect(words(m)).toEqual({ Ava: 'not recording' });
    const m2 = room();
    expect(words(m2)).toEqual({ Ava: 'recording', Ben: 'recording', Hana: 'recording' });
    expect(m2.view().running).toBe(true);
    expect(m2.view().allSaved).toBe(false);
    const ava = m2.view().rows.find((r) => r.displayName === 'Ava')!;
    expect(ava.format).toBe('1080p30 · 48 kHz lossless');
    expect(ava.quality).toEqual({ rttMs: 12, lossPercent: 0, sendKbps: 1400 });
  });

  it('calls a present participant recording when the server created their track in the running take before their own report came', () => {
    const m = new BoardModel();
    m.receive({ type: 'joined', peerId: 'ph', roomId: 'r', peers: [peer('pb', 'b', 'Ben')], iceServers: [], recording: null });
    m.receive(said('pb', 'b', 'Ben', status('idle')));
    m.receive({ type: 'record-started', takeId: 't1', startedAt: 'x', startAt: 'y' });
    m.receive(track('b-cam', 'b', 'uploading'));
    expect(words(m)).toEqual({ Ben: 'recording' });
    m.receive(said('pb', 'b', 'Ben', status('recording', 1000)));
    expect(words(m)).toEqual({ Ben: 'recording' });
    m.receive({ type: 'record-stopped', takeId: 't1' });
    m.receive(said('pb', 'b', 'Ben', status('uploading', 500)));
    expect(words(m)).toEqual({ Ben: 'uploading' });
  });

  it('says saved only once the server completed every track of theirs; a browser saying it has nothing left is not enough', () => {
    const m = room();
    m.receive({ type: 'record-stopped', takeId: 't1' });
    m.receive(said('pa', 'a', 'Ava', status('uploading', 3_145_728)));
    expect(m.view().rows.find((r) => r.displayName === 'Ava')).toMatchObject({ word: 'uploading', pendingBytes: 3_145_728 });
    // Ava's browser says it is done before the server does: still uploading.
    m.receive(said('pa', 'a', 'Ava', status('idle', 0)));
    expect(words(m).Ava).toBe('uploading');
    m.receive(track('a-cam', 'a', 'complete'));
    expect(words(m).Ava).toBe('saved');
    expect(m.view().allSaved).toBe(false);
  });

  it('holds a participant at uploading while their browser still holds bytes, even with every known track complete', () => {
    const m = room();
    m.receive({ type: 'record-stopped', takeId: 't1' });
    m.receive(track('b-cam', 'b', 'complete'));
    // Ben's lossless track was never created on the server (its create kept failing): only his browser knows.
    m.receive(said('pb', 'b', 'Ben', status('uploading', 2_000_000)));
    expect(m.view().rows.find((r) => r.displayName === 'Ben')).toMatchObject({ word: 'uploading', pendingBytes: 2_000_000 });
    m.receive(track('b-audio', 'b', 'uploading'));
    m.receive(track('b-audio', 'b', 'complete'));
    expect(words(m).Ben).toBe('saved');
  });

  it('shows All recordings saved only after the take stopped and the store holds every track of it', () => {
    const m = room();
    m.receive(track('h-cam', 'h', 'complete'));
    m.receive(track('a-cam', 'a', 'complete'));
    m.receive(track('b-cam', 'b', 'complete'));
    expect(m.view().allSaved).toBe(false); // the take still runs
    m.receive({ type: 'record-stopped', takeId: 't1' });
    m.receive(track('a-audio', 'a', 'uploading'));
    expect(m.view().allSaved).toBe(false);
    m.receive(track('a-audio', 'a', 'complete'));
    expect(words(m)).toEqual({ Ava: 'saved', Ben: 'saved', Hana: 'saved' });
    expect(m.view().allSaved).toBe(true);
    // a new take starts over
    m.receive({ type: 'record-started', takeId: 't2', startedAt: 'x', startAt: 'y' });
    expect(m.view().allSaved).toBe(false);
  });

  it('tells the host who left with uploads pending, and keeps them on the board until the store has their tracks', () => {
    const m = room();
    m.receive({ type: 'record-stopped', takeId: 't1' });
    m.receive(said('pb', 'b', 'Ben', status('uploading', 12_582_912)));
    m.receive({ type: 'peer-left', peerId: 'pb' });
    const ben = m.view().rows.find((r) => r.displayName === 'Ben')!;
    expect(ben).toMatchObject({ word: 'uploading', present: false });
    expect(ben.leftNote).toBe('Ben left — 12.0 MB still to upload; it resumes when they reopen the link');
    // his uploads resume from another tab of the same browser, with no socket of his in the room
    m.receive(track('b-cam', 'b', 'complete'));
    expect(m.view().rows.find((r) => r.displayName === 'Ben')).toMatchObject({ word: 'saved', leftNote: null });
  });

  it('does not wait for a track aborted in the take (a camera that caught nothing) but tells the host it will not be saved', () => {
    const m = room();
    m.receive({ type: 'record-stopped', takeId: 't1' });
    m.receive(track('h-cam', 'h', 'complete'));
    m.receive(track('a-cam', 'a', 'complete'));
    m.receive(said('pb', 'b', 'Ben', status('uploading', 0)));
    m.receive(track('b-cam', 'b', 'aborted'));
    m.receive({ type: 'track-status', track: { recordingId: 'b-audio', takeId: 't1', userId: 'b', displayName: 'Ben', kind: 'audio', state: 'complete', size: 9 } });
    const ben = m.view().rows.find((r) => r.displayName === 'Ben')!;
    expect(ben.word).toBe('saved');
    expect(ben.lostNote).toBe("Ben's camera track will not be saved (nothing was recorded, or the upload was discarded)");
    expect(m.view().rows.find((r) => r.displayName === 'Ava')!.lostNote).toBeNull();
    expect(m.view().allSaved).toBe(true);
    // both of a person's tracks lost: named once each, together
    m.receive({ type: 'track-status', track: { recordingId: 'b-screen', takeId: 't1', userId: 'b', displayName: 'Ben', kind: 'screen', state: 'aborted', size: null } });
    expect(m.view().rows.find((r) => r.displayName === 'Ben')!.lostNote).toMatch(/^Ben's camera and screen tracks will not be saved/);
    // a new take starts without it
    m.receive({ type: 'record-started', takeId: 't2', startedAt: 'x', startAt: 'y' });
    expect(m.view().rows.find((r) => r.displayName === 'Ben')!.lostNote).toBeNull();
  });

  it('drops someone who left with nothing recorded; a failed upload says failed', () => {
    const m = new BoardModel();
    m.receive({ type: 'joined', peerId: 'ph', roomId: 'r', peers: [peer('pa', 'a', 'Ava'), peer('pb', 'b', 'Ben')], iceServers: [], recording: null });
    m.receive(said('pa', 'a', 'Ava', status('idle')));
    m.receive(said('pb', 'b', 'Ben', status('failed', 500)));
    m.receive({ type: 'peer-left', peerId: 'pa' });
    expect(words(m)).toEqual({ Ben: 'failed' });
  });

  it('takes what the takes list says as a seed, and never lets it undo a completion heard on the socket', () => {
    const m = new BoardModel();
    m.receive({ type: 'joined', peerId: 'ph', roomId: 'r', peers: [peer('pa', 'a', 'Ava')], iceServers: [], recording: null });
    m.receive(track('a-cam', 'a', 'complete'));
    m.seed([{ id: 't1', startedAt: 'x', stoppedAt: 'y', tracks: [
      { recordingId: 'a-cam', userId: 'a', displayName: 'Ava', kind: 'camera', state: 'uploading', offsetMs: 0 },
      { recordingId: 'a-audio', userId: 'a', displayName: 'Ava', kind: 'audio', state: 'complete', offsetMs: 0 },
    ] }]);
    expect(words(m)).toEqual({ Ava: 'saved' });
    expect(m.view().allSaved).toBe(true);
  });
});
