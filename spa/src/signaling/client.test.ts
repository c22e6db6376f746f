import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SignalingClient, defaultBackoff } from './client';
import { FakeSocket, FakeWebSocket } from './fakeSocket';

const joined = (peerId: string, token: string) => ({
  type: 'joined', id: 'join', peerId, roomId: 'r1', peers: [], iceServers: [], recording: null, resumeToken: token,
});

function client() {
  const c = new SignalingClient({
    url: 'ws://x/ws', roomId: 'r1', WebSocketImpl: FakeWebSocket,
    backoff: (n) => 100 * 2 ** n, pingIntervalMs: 1000,
  });
  c.connect();
  return c;
}
const last = () => FakeSocket.all[FakeSocket.all.length - 1]!;

describe('SignalingClient options', () => {
  it('an option passed as undefined takes its default', () => {
    const saved = globalThis.WebSocket;
    globalThis.WebSocket = FakeWebSocket as typeof WebSocket;
    try {
      FakeSocket.all = [];
      const c = new SignalingClient({ url: 'ws://x/ws', roomId: 'r1', WebSocketImpl: undefined, pingIntervalMs: undefined });
      c.connect();
      expect(FakeSocket.all).toHaveLength(1);
      c.leave();
    } finally {
      globalThis.WebSocket = saved;
    }
  });
});

describe('SignalingClient', () => {
  beforeEach(() => {
    FakeSocket.all = [];
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('joins the room when the socket opens and keeps it alive with pings', () => {
    const c = client();
    last().open();
    expect(last().sent[0]).toEqual({ type: 'join', roomId: 'r1', protocol: 2, id: 'join' });
    last().receive(joined('p1', 't1'));
    expect(c.state).toBe('open');
    vi.advanceTimersByTime(2500);
    expect(last().sent.filter((m) => m.type === 'ping')).toHaveLength(2);
  });

  it('stops when the server refuses its protocol version, and tells its listeners why', () => {
    const c = client();
    const seen: string[] = [];
    c.on((m) => seen.push(m.type === 'error' ? m.code : m.type));
    last().open();
    last().receive({ type: 'error', id: 'join', code: 'unsupported_protocol', message: 'This server speaks signaling protocol 3.' });
    expect(c.state).toBe('closed');
    expect(seen).toEqual(['unsupported_protocol']);
    vi.advanceTimersByTime(60_000);
    expect(FakeSocket.all).toHaveLength(1);
  });

  it('keeps going after an unsupported_protocol answer to anything but its join', () => {
    const c = client();
    last().open();
    last().receive(joined('p1', 't1'));
    last().receive({ type: 'error', id: 'other', code: 'unsupported_protocol', message: 'x' });
    expect(c.state).toBe('open');
  });

  it('reconnects with backoff and the resume token after a drop, keeping the peer id', () => {
    const c = client();
    const states: string[] = [];
    c.onState((s) => states.push(s));
    last().open();
    last().receive(joined('p1', 't1'));
    last().drop(1006);
    expect(c.state).toBe('reconnecting');
    vi.advanceTimersByTime(99);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    last().drop(1006); // fails to connect: the next wait doubles
    vi.advanceTimersByTime(199);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    last().open();
    expect(last().sent[0]).toEqual({ type: 'join', roomId: 'r1', resumeToken: 't1', protocol: 2, id: 'join' });
    last().receive(joined('p1', 't2'));
    expect(c.peerId).toBe('p1');
    expect(states).toEqual(['open', 'reconnecting', 'open']);
    // the fresh token is used next time; the backoff starts over
    last().drop(1012);
    vi.advanceTimersByTime(100);
    last().open();
    expect(last().sent[0]).toMatchObject({ resumeToken: 't2' });
  });

  it('does not reconnect after leave or after being kicked', () => {
    const c = client();
    last().open();
    last().receive(joined('p1', 't1'));
    c.leave();
    expect(FakeSocket.all[0]!.sent.at(-1)).toEqual({ type: 'leave' });
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(1);

    const k = client();
    last().open();
    last().receive({ type: 'kicked' });
    last().drop(1000);
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(2);
    expect(k.state).toBe('closed');
  });

  it('does not reconnect once its session ended (4002: signed out elsewhere, or removed)', () => {
    const c = client();
    last().open();
    last().receive(joined('p1', 't1'));
    last().drop(4002);
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(1);
    expect(c.state).toBe('closed');
  });

  it('moves to another node at once when its node stops (1012), backs off longer on floods', () => {
    expect(defaultBackoff(0, 1012)).toBeLessThan(500);
    expect(defaultBackoff(0, 1008)).toBeGreaterThanOrEqual(1500);
    expect(defaultBackoff(10, 1006)).toBeLessThanOrEqual(10_000);
  });

  it('answers requests by id and rejects on error answers', async () => {
    const c = client();
    last().open();
    last().receive(joined('p1', 't1'));
    const chat = c.request({ type: 'chat', text: 'hi' });
    const id = last().sent.at(-1)!.id;
    last().receive({ type: 'error', id, code: 'too_long', message: 'Too long.' });
    await expect(chat).rejects.toThrow('Too long.');
    const ping = c.request({ type: 'ping' });
    last().receive({ type: 'pong', id: last().sent.at(-1)!.id });
    await expect(ping).resolves.toMatchObject({ type: 'pong' });
  });

  it('asks the server for its time and resolves with serverTime', async () => {
    const c = client();
    last().open();
    last().receive(joined('p1', 't1'));
    const t = c.time();
    const sent = last().sent.at(-1)!;
    expect(sent.type).toBe('time');
    last().receive({ type: 'time', id: sent.id, serverTime: 1764000000123.25 });
    await expect(t).resolves.toBe(1764000000123.25);
    const bad = c.time();
    last().receive({ type: 'time', id: last().sent.at(-1)!.id });
    await expect(bad).rejects.toThrow('bad time answer');
  });
});
