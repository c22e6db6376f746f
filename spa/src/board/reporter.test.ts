import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { TrackProgress } from '../recording/upload-progress';
import type { ClientMessage } from '../signaling/messages';
import { BUSY_EVERY_MS, IDLE_EVERY_MS, StatusReporter } from './reporter';

beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());

function setup() {
  const sent: ClientMessage[] = [];
  let uploads: TrackProgress[] = [];
  const listeners = new Set<() => void>();
  const source = {
    snapshot: () => uploads,
    onChange: (l: () => void) => (listeners.add(l), () => listeners.delete(l)),
  };
  const r = new StatusReporter({ send: (m) => (sent.push(m), true), stats: async () => [], now: () => Date.now(), tickMs: 100 });
  r.watch(source, { video: () => ({ height: 1080, frameRate: 30 }), losslessRate: 48_000 });
  const change = (u: TrackProgress[]) => {
    uploads = u;
    for (const l of listeners) l();
  };
  return { r, sent, change };
}
const recording: TrackProgress = { localId: 'l', takeId: 't', kind: 'camera', label: 'A', state: 'recording', bytesRecorded: 2048, bytesUploaded: 0 };

describe('StatusReporter', () => {
  it('sends nothing until joined, then at once, with format and quality', async () => {
    const { r, sent } = setup();
    await vi.advanceTimersByTimeAsync(5000);
    expect(sent).toEqual([]);
    r.setOnline(true);
    await vi.advanceTimersByTimeAsync(150);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ type: 'recording-status', state: 'idle', pendingBytes: 0, format: '1080p30 · 48 kHz lossless', quality: { rttMs: null } });
    expect((sent[0] as { id?: string }).id).toMatch(/^status-/);
    r.close();
  });

  it('reports a change within a second but never twice in one, and beats every 2 s while busy, every 10 s when idle', async () => {
    const { r, sent, change } = setup();
    r.setOnline(true);
    await vi.advanceTimersByTimeAsync(150);
    change([recording]);
    change([{ ...recording, bytesRecorded: 4096 }]);
    await vi.advanceTimersByTimeAsync(500);
    expect(sent).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(600);
    expect(sent).toHaveLength(2);
    expect(sent[1]).toMatchObject({ state: 'recording', pendingBytes: 4096 });
    await vi.advanceTimersByTimeAsync(BUSY_EVERY_MS * 3);
    expect(sent.length).toBeGreaterThanOrEqual(4);
    expect(sent.length).toBeLessThanOrEqual(5);
    change([{ ...recording, state: 'complete', bytesUploaded: 4096 }]);
    await vi.advanceTimersByTimeAsync(1100);
    const n = sent.length;
    expect(sent[n - 1]).toMatchObject({ state: 'idle', pendingBytes: 0 });
    await vi.advanceTimersByTimeAsync(IDLE_EVERY_MS - 1500);
    expect(sent).toHaveLength(n);
    await vi.advanceTimersByTimeAsync(2200);
    expect(sent).toHaveLength(n + 1);
    r.close();
  });

  it('flushes at once for a page about to go, and stops when the socket is not in the room', async () => {
    const { r, sent, change } = setup();
    r.setOnline(true);
    await vi.advanceTimersByTimeAsync(150);
    change([recording]);
    r.flush();
    expect(sent.at(-1)).toMatchObject({ state: 'recording', pendingBytes: 2048 });
    r.setOnline(false);
    const n = sent.length;
    r.flush();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(sent).toHaveLength(n);
    r.close();
  });
});
