import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import chromium from './fixtures/chromium-call.json';
import { CallTelemetry, FIRST_REPORT_MS, REPORT_EVERY_MS, type StatsSource } from './call-telemetry';
import type { CallStatsMessage } from '../signaling/messages';

/** A connection whose stats are the recorded Chromium call's, its counters growing with each reading. */
class FakeConnection implements StatsSource {
  connectionState: RTCPeerConnectionState = 'connected';
  readings = 0;
  async getStats() {
    const n = this.readings++;
    const report = chromium.reports[1]!.map((s) => {
      const copy: Record<string, unknown> = { ...s };
      for (const f of ['bytesSent', 'bytesReceived', 'packetsReceived', 'framesDecoded']) {
        if (typeof copy[f] === 'number') copy[f] = (copy[f] as number) * (n + 1);
      }
      return copy;
    });
    return new Map(report.map((s) => [s.id as string, s]));
  }
}

describe('CallTelemetry', () => {
  let sent: { at: number; m: CallStatsMessage }[];
  let pcs: FakeConnection[];
  let telemetry: CallTelemetry;

  beforeEach(() => {
    vi.useFakeTimers();
    sent = [];
    pcs = [];
    telemetry = new CallTelemetry(() => pcs, (m) => sent.push({ at: Date.now(), m }), () => Date.now());
  });
  afterEach(() => {
    telemetry.stop();
    vi.useRealTimers();
  });

  it('reports 3–6 s after a connection is up, then every 10 s, one message for every connection', async () => {
    const t0 = Date.now();
    telemetry.start();
    await vi.advanceTimersByTimeAsync(FIRST_REPORT_MS * 2);
    expect(sent).toEqual([]); // no connection yet
    pcs.push(new FakeConnection(), new FakeConnection());
    await vi.advanceTimersByTimeAsync(FIRST_REPORT_MS); // the baselines
    expect(sent).toEqual([]);
    await vi.advanceTimersByTimeAsync(FIRST_REPORT_MS);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.at - t0).toBe(4 * FIRST_REPORT_MS);
    const first = sent[0]!.m;
    expect(first).toMatchObject({ type: 'call-stats', id: 'call-stats' });
    expect(first.connections).toHaveLength(2);
    expect(first.connections[0]).toMatchObject({ candidate: 'host', intervalMs: FIRST_REPORT_MS, rttMs: 2 });
    await vi.advanceTimersByTimeAsync(REPORT_EVERY_MS * 3);
    expect(sent.map((s) => s.at - sent[0]!.at)).toEqual([0, REPORT_EVERY_MS, 2 * REPORT_EVERY_MS, 3 * REPORT_EVERY_MS]);
    expect(sent[1]!.m.connections[0]!.intervalMs).toBe(REPORT_EVERY_MS);
  });

  it('leaves out a connection that is not connected, and starts it from a new baseline when it is back', async () => {
    const [a, b] = [new FakeConnection(), new FakeConnection()];
    pcs.push(a, b);
    telemetry.start();
    await vi.advanceTimersByTimeAsync(2 * FIRST_REPORT_MS);
    expect(sent).toHaveLength(1);
    b.connectionState = 'disconnected';
    await vi.advanceTimersByTimeAsync(REPORT_EVERY_MS);
    expect(sent[1]!.m.connections).toHaveLength(1);
    b.connectionState = 'connected';
    await vi.advanceTimersByTimeAsync(REPORT_EVERY_MS);
    expect(sent[2]!.m.connections).toHaveLength(1); // b's baseline
    await vi.advanceTimersByTimeAsync(REPORT_EVERY_MS);
    expect(sent[3]!.m.connections).toHaveLength(2);
  });

  it('never sends two reports closer than 10 s (the server takes one per 5 s), whatever the connections do', async () => {
    telemetry.start();
    for (let i = 0; i < 40; i++) {
      // connections come, go and are replaced at awkward moments
      if (i % 3 === 0) pcs.push(new FakeConnection());
      if (i % 5 === 0 && pcs.length > 1) pcs.shift();
      if (i % 7 === 0) for (const p of pcs) p.connectionState = p.connectionState === 'connected' ? 'failed' : 'connected';
      await vi.advanceTimersByTimeAsync(1700);
    }
    expect(sent.length).toBeGreaterThan(3);
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(REPORT_EVERY_MS);
  });

  it('sends at most 16 connections, skips one whose stats fail, and stops for good', async () => {
    for (let i = 0; i < 20; i++) pcs.push(new FakeConnection());
    const broken = new FakeConnection();
    broken.getStats = () => Promise.reject(new Error('closed'));
    pcs.unshift(broken);
    telemetry.start();
    await vi.advanceTimersByTimeAsync(2 * FIRST_REPORT_MS);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.m.connections).toHaveLength(16);
    telemetry.stop();
    await vi.advanceTimersByTimeAsync(5 * REPORT_EVERY_MS);
    expect(sent).toHaveLength(1);
  });
});
