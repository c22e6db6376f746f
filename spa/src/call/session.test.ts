import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PeerInfo } from '../signaling/messages';
import { CallSession, type LosslessTaps } from './session';
import { FakeSocket, FakeWebSocket } from '../signaling/fakeSocket';

class FakeConnection {
  closed = false;
  connectionState = 'new';
  signalingState = 'stable';
  addTrack = vi.fn();
  restartIce() {}
  close() {
    this.closed = true;
  }
}

const track = () => ({ enabled: true, stop: vi.fn() });

const peer = (peerId: string, displayName = peerId): PeerInfo => ({
  peerId,
  userId: `u-${peerId}`,
  displayName,
  role: 'guest',
  state: { audio: true, video: true, screen: false },
});

function call(lossless: LosslessTaps | null = null, { camera = true } = {}) {
  const audio = track();
  const video = track();
  const local = {
    getTracks: () => (camera ? [audio, video] : [audio]),
    getAudioTracks: () => [audio],
    getVideoTracks: () => (camera ? [video] : []),
  } as unknown as MediaStream;
  const recorders: { takeId: string; kind: string }[] = [];
  const gates: (Promise<void> | undefined)[] = [];
  const stopped: string[] = [];
  const service = {
    record: vi.fn(async (_s: MediaStream, f: { takeId: string; kind: string }, placement?: { gate: Promise<void> }) => {
      recorders.push(f);
      gates.push(placement?.gate);
      return { localId: `${f.takeId}-${f.kind}` } as never;
    }),
    recordLossless: vi.fn(async (t: unknown, f: { takeId: string }, placement?: { startsAt?: Promise<number | null> }) => {
      if (typeof t === 'function') t();
      else if (t && typeof t === 'object' && 'scheduled' in t) (t as { scheduled: (at: number | undefined) => void }).scheduled((await placement?.startsAt) ?? undefined);
      recorders.push({ ...f, kind: 'audio' });
      return { localId: `${f.takeId}-audio` } as never;
    }),
    stop: vi.fn(async (r: { localId: string }) => void stopped.push(r.localId)),
  };
  const connections: FakeConnection[] = [];
  const session = new CallSession('r1', local, { displayName: 'Ada' }, Promise.resolve(service), {
    url: 'ws://x/ws',
    WebSocketImpl: FakeWebSocket,
    createConnection: () => {
      const c = new FakeConnection();
      connections.push(c);
      return c as unknown as RTCPeerConnection;
    },
  }, lossless);
  const socket = FakeSocket.all[FakeSocket.all.length - 1]!;
  socket.open();
  const join = (extra: object = {}) =>
    socket.receive({ type: 'joined', id: 'join', peerId: 'me', roomId: 'r1', peers: [], iceServers: [], recording: null, resumeToken: 't', ...extra });
  return { session, socket, join, recorders, stopped, connections, audio, video, gates };
}

const flush = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('CallSession', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('on joined connects to everyone there and tells the room its camera and microphone state', () => {
    const { session, socket, join, connections } = call();
    join({ peers: [peer('a', 'Bo'), peer('b', 'Cy')] });
    expect(connections).toHaveLength(2);
    expect(session.snap.peers.map((p) => p.info.displayName)).toEqual(['Bo', 'Cy']);
    expect(session.snap.connection).toBe('open');
    expect(socket.sent).toContainEqual({ type: 'state', audio: true, video: true, screen: false });
    socket.receive({ type: 'peer-left', peerId: 'a' });
    expect(connections[0]?.closed).toBe(true);
    expect(session.snap.peers).toHaveLength(1);
    session.close();
  });

  it('records on record-started after a countdown everyone sees, and stops on record-stopped', async () => {
    const { session, socket, join, recorders, stopped } = call();
    join();
    socket.receive({ type: 'record-started', takeId: 'take1', startedAt: '2026-11-24T12:00:00Z' });
    await flush();
    expect(recorders).toEqual([expect.objectContaining({ takeId: 'take1', kind: 'camera', label: 'Ada', roomId: 'r1' })]);
    expect(session.snap.countdown).toBe(3);
    expect(session.snap.recording?.takeId).toBe('take1');
    vi.advanceTimersByTime(3000);
    expect(session.snap.countdown).toBe(0);
    socket.receive({ type: 'record-stopped', takeId: 'take1' });
    await flush();
    expect(stopped).toEqual(['take1-camera']);
    expect(session.snap.recording).toBeNull();
    session.close();
  });

  it('a late joiner starts recording the running take at once, without a countdown', async () => {
    const { session, join, recorders } = call();
    join({ recording: { takeId: 'take7', startedAt: '2026-11-24T12:00:00Z' } });
    await flush();
    expect(recorders.map((r) => r.takeId)).toEqual(['take7']);
    expect(session.snap.countdown).toBe(0);
    session.close();
  });

  it('a repeated record-started for the same take starts no second recorder', async () => {
    const { session, socket, join, recorders } = call();
    join();
    socket.receive({ type: 'record-started', takeId: 't', startedAt: 'x' });
    socket.receive({ type: 'record-started', takeId: 't', startedAt: 'x' });
    await flush();
    expect(recorders).toHaveLength(1);
    session.close();
  });

  it('stops a recorder that finished starting only after its take was stopped', async () => {
    const { session, socket, join, recorders, stopped } = call();
    join();
    socket.receive({ type: 'record-started', takeId: 'quick', startedAt: 'x' });
    socket.receive({ type: 'record-stopped', takeId: 'quick' });
    await flush();
    expect(recorders.map((r) => r.takeId)).toEqual(['quick']);
    expect(stopped).toEqual(['quick-camera']);
    session.close();
  });

  it('keeps the last 200 chat lines', () => {
    const { session, socket, join } = call();
    join();
    for (let i = 0; i < 205; i++) socket.receive({ type: 'chat', from: 'a', displayName: 'Bo', text: `line ${i}`, at: 'now' });
    expect(session.snap.chat).toHaveLength(200);
    expect(session.snap.chat[0]?.text).toBe('line 5');
    expect(new Set(session.snap.chat.map((c) => c.key)).size).toBe(200);
    session.close();
  });

  it('when kicked: says so, stops recording and lets go of camera and microphone', async () => {
    const { session, socket, join, stopped, audio, video } = call();
    join({ peers: [peer('h')] });
    socket.receive({ type: 'record-started', takeId: 'tk', startedAt: 'x' });
    await flush();
    socket.receive({ type: 'kicked' });
    await flush();
    expect(session.snap.kicked).toBe(true);
    expect(stopped).toEqual(['tk-camera']);
    expect(audio.stop).toHaveBeenCalled();
    expect(video.stop).toHaveBeenCalled();
    expect(session.snap.peers).toEqual([]);
  });

  it('a lossless source that starts itself on time is handed the take\'s start instant, not opened at it', async () => {
    const lossless = { tap: vi.fn(() => ({}) as never), scheduled: vi.fn(() => ({}) as never), close: vi.fn() };
    const { socket, join, recorders } = call(lossless);
    join();
    // no startAt (an older server): start at once, so the instant is "now" (undefined)
    socket.receive({ type: 'record-started', takeId: 'tk', startedAt: 'x' });
    await flush();
    expect(recorders.map((r) => r.kind)).toEqual(['camera', 'audio']);
    expect(lossless.tap).not.toHaveBeenCalled();
    expect(lossless.scheduled).toHaveBeenCalledWith(undefined);
  });

  it('with a lossless microphone, every take also records an audio track, stopped with the camera', async () => {
    const order: string[] = [];
    let stoppedSoFar: string[] = [];
    const lossless = { scheduled: vi.fn(() => ({}) as never), close: vi.fn(() => void order.push(`closed after ${stoppedSoFar.length} stops`)) };
    const { session, socket, join, recorders, stopped } = call(lossless);
    stoppedSoFar = stopped;
    join();
    socket.receive({ type: 'record-started', takeId: 'tk', startedAt: 'x' });
    await flush();
    expect(recorders.map((r) => r.kind)).toEqual(['camera', 'audio']);
    expect(lossless.scheduled).toHaveBeenCalledTimes(1);
    socket.receive({ type: 'record-stopped', takeId: 'tk' });
    await flush();
    expect(stopped.sort()).toEqual(['tk-audio', 'tk-camera']);
    socket.receive({ type: 'record-started', takeId: 'tk2', startedAt: 'x' });
    await flush();
    session.close();
    await flush();
    // the audio graph closes only once the take's recorders have stopped
    expect(stopped.slice(2).sort()).toEqual(['tk2-audio', 'tk2-camera']);
    expect(lossless.close).toHaveBeenCalledTimes(1);
    expect(order).toEqual(['closed after 4 stops']);
  });

  it('without a camera, a take records the lossless track alone; without that too, the call\'s microphone', async () => {
    const lossless = { scheduled: vi.fn(() => ({}) as never), close: vi.fn() };
    const micOnly = call(lossless, { camera: false });
    micOnly.join();
    micOnly.socket.receive({ type: 'record-started', takeId: 'tk', startedAt: 'x' });
    await flush();
    expect(micOnly.recorders.map((r) => r.kind)).toEqual(['audio']);
    micOnly.socket.receive({ type: 'record-stopped', takeId: 'tk' });
    await flush();
    expect(micOnly.stopped).toEqual(['tk-audio']);

    const bare = call(null, { camera: false });
    bare.join();
    bare.socket.receive({ type: 'record-started', takeId: 'tk', startedAt: 'x' });
    await flush();
    expect(bare.recorders.map((r) => r.kind)).toEqual(['camera']);
  });

  it('mute and camera off switch the tracks and tell the room', () => {
    const { session, socket, join, audio, video } = call();
    join();
    session.setAudio(false);
    session.setVideo(false);
    expect([audio.enabled, video.enabled]).toEqual([false, false]);
    expect(socket.sent.slice(-1)[0]).toEqual({ type: 'state', audio: false, video: false, screen: false });
    expect(session.snap.media).toEqual({ audio: false, video: false, screen: false });
    session.close();
  });

  it('shows a server error that answers no request of ours', () => {
    const { session, socket, join } = call();
    join();
    socket.receive({ type: 'error', code: 'rate_limited', message: 'Slow down.' });
    expect(session.snap.error).toBe('Slow down.');
    socket.receive({ type: 'error', id: 5, code: 'x', message: 'answered elsewhere' });
    expect(session.snap.error).toBe('Slow down.');
    session.close();
  });

  it('starts the recorders at the announced startAt on the server clock, where the countdown ends', async () => {
    const { session, socket, join, gates } = call();
    // The server's clock runs 5 s ahead of this browser's; time requests are answered at once.
    const server = () => performance.timeOrigin + performance.now() + 5000;
    const send = socket.send.bind(socket);
    socket.send = (text: string) => {
      send(text);
      const m = JSON.parse(text) as { type: string; id?: string };
      if (m.type === 'time') queueMicrotask(() => socket.receive({ type: 'time', id: m.id, serverTime: server() }));
    };
    join();
    await vi.advanceTimersByTimeAsync(1000);
    expect(session.clock.clock.estimate()!.offsetMs).toBeCloseTo(5000, 0);
    const startAt = new Date(server() + 3000).toISOString();
    socket.receive({ type: 'record-started', takeId: 'take9', startedAt: new Date(server()).toISOString(), startAt });
    await flush();
    expect(session.snap.countdown).toBe(3);
    let open = false;
    void gates[0]!.then(() => (open = true));
    await vi.advanceTimersByTimeAsync(2900);
    expect(open).toBe(false);
    expect(session.snap.countdown).toBe(1);
    await vi.advanceTimersByTimeAsync(150);
    expect(open).toBe(true);
    expect(session.snap.countdown).toBe(0);
    session.close();
  });

  it('a joiner into a running take with startAt past starts at once, with no countdown', async () => {
    const { session, join, gates } = call();
    join({ recording: { takeId: 'take8', startedAt: '2026-11-24T12:00:00Z', startAt: '2026-11-24T12:00:03Z' } });
    await flush();
    let open = false;
    void gates[0]!.then(() => (open = true));
    // No clock answer yet: it waits at most CLOCK_WAIT_MS for one, then the start is long past anyway.
    await vi.advanceTimersByTimeAsync(2100);
    expect(open).toBe(true);
    expect(session.snap.countdown).toBe(0);
    session.close();
  });
});
