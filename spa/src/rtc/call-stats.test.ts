import { describe, expect, it } from 'vitest';
import chromium from './fixtures/chromium-call.json';
import firefox from './fixtures/firefox-call.json';
import { sample, summarize, type StatLike } from './call-stats';

type Recorded = { gapMs: number; reports: StatLike[][] };

/** The recorded call's two readings, `gapMs` apart; `edit` changes copies of the later one (or both). */
function readings(call: Recorded, edit: (later: StatLike[], earlier: StatLike[]) => void = () => {}) {
  const [earlier, later] = call.reports.map((r) => r.map((s) => ({ ...s }))) as [StatLike[], StatLike[]];
  edit(later, earlier);
  return [sample(earlier, 1000), sample(later, 1000 + call.gapMs)] as const;
}

const byId = (report: StatLike[], id: string) => report.find((s) => s.id === id)!;
const selectedLocal = (report: StatLike[]) => {
  const transport = report.find((s) => s.type === 'transport')!;
  return byId(report, byId(report, transport.selectedCandidatePairId!).localCandidateId!);
};
const selectedRemote = (report: StatLike[]) => {
  const transport = report.find((s) => s.type === 'transport')!;
  return byId(report, byId(report, transport.selectedCandidatePairId!).remoteCandidateId!);
};

describe('summarize', () => {
  it("reads Chromium's recorded call: the pair's round trip, both directions' media bitrates, frames decoded", () => {
    expect(summarize(...readings(chromium))).toEqual({
      candidate: 'host',
      intervalMs: 3000,
      rttMs: 2, // the selected pair's currentRoundTripTime, not another pair's
      jitterMs: 10, // the audio stream's 0.010 s beats the video's 0.004 s
      lossPercent: 0,
      sendKbps: 513.6, // (8353 + 184251) bytes of RTP in 3 s
      recvKbps: 511,
      framesDecoded: 59,
      freezeMs: 0,
    });
  });

  it("reads Firefox's recorded call: its pair says 0 ms, so RTCP's round trip stands in; a prflx remote on a host pair is host", () => {
    expect(summarize(...readings(firefox))).toEqual({
      candidate: 'host',
      intervalMs: 3000,
      rttMs: 1,
      jitterMs: 4,
      lossPercent: 0,
      sendKbps: 205, // (24150 + 52724) bytes in 3 s
      recvKbps: 199.8,
      framesDecoded: 90,
      freezeMs: 0,
    });
  });

  it('finds the selected pair without a transport entry (older Firefox marks it selected)', () => {
    const older = readings(firefox, (later, earlier) => {
      for (const r of [later, earlier]) r.splice(r.findIndex((s) => s.type === 'transport'), 1);
    });
    expect(summarize(...older)).toEqual(summarize(...readings(firefox)));
    const nominatedOnly = readings(firefox, (later) => {
      later.splice(later.findIndex((s) => s.type === 'transport'), 1);
      for (const s of later) if (s.type === 'candidate-pair') delete s.selected;
    });
    expect(summarize(...nominatedOnly)?.rttMs).toBe(1);
  });

  it('names the candidate type by how media flows: relay if either end relays, srflx for reflexive local addresses', () => {
    const kind = (local: string, remote: string) =>
      summarize(...readings(chromium, (later) => {
        selectedLocal(later).candidateType = local;
        selectedRemote(later).candidateType = remote;
      }))?.candidate;
    expect(kind('relay', 'host')).toBe('relay');
    expect(kind('host', 'relay')).toBe('relay');
    expect(kind('srflx', 'srflx')).toBe('srflx');
    expect(kind('prflx', 'host')).toBe('srflx');
    expect(kind('host', 'prflx')).toBe('host');
    // an unknown type cannot be labelled: no summary rather than a wrong one
    expect(kind('quantum', 'host')).toBeUndefined();
  });

  it('counts loss, freezes and frames over the interval only, a stream new since the last reading from zero', () => {
    const [prev, cur] = readings(chromium, (later, earlier) => {
      const audio = byId(later, 'IT01A554400892');
      audio.packetsLost = byId(earlier, 'IT01A554400892').packetsLost! + 9;
      const video = byId(later, 'IT01V2562953217');
      video.totalFreezesDuration = 0.75;
      // a screen share arrived in between
      later.push({ id: 'IT01V9', type: 'inbound-rtp', kind: 'video', packetsReceived: 50, packetsLost: 0, bytesReceived: 30_000, framesDecoded: 12, totalFreezesDuration: 0, jitter: 0.02 });
    });
    const s = summarize(prev, cur)!;
    // 9 lost of 9 + 341 + 50 expected
    expect(s.lossPercent).toBe(2.25);
    expect(s.freezeMs).toBe(750);
    expect(s.framesDecoded).toBe(59 + 12);
    expect(s.jitterMs).toBe(20);
    expect(s.recvKbps).toBe(Math.round(((191_621 + 30_000) * 8) / 3000 * 10) / 10);
  });

  it('leaves unmeasured figures null: no incoming media, no freeze counter, no round trip at all', () => {
    const [prev, cur] = readings(firefox, (later) => {
      for (const s of later) {
        if (s.type === 'inbound-rtp' || s.type === 'remote-inbound-rtp') s.type = 'gone';
        if (s.type === 'candidate-pair') s.currentRoundTripTime = undefined;
      }
    });
    expect(summarize(prev, cur)).toMatchObject({ rttMs: null, jitterMs: null, lossPercent: null, freezeMs: null, recvKbps: 0, framesDecoded: 0 });
    const noFreezeField = readings(firefox, (later) => {
      for (const s of later) delete s.totalFreezesDuration;
    });
    expect(summarize(...noFreezeField)?.freezeMs).toBeNull();
  });

  it('gives nothing without a selected pair, or for an interval the server refuses', () => {
    const unpaired = readings(chromium, (later) => {
      for (const s of later) if (s.type === 'transport' || s.type === 'candidate-pair') s.type = 'gone';
    });
    expect(summarize(...unpaired)).toBeNull();
    const [prev, cur] = readings(chromium);
    expect(summarize(prev, { ...cur, at: prev.at + 999 })).toBeNull();
    expect(summarize(prev, { ...cur, at: prev.at + 120_001 })).toBeNull();
    expect(summarize(prev, { ...cur, at: prev.at + 120_000 })?.intervalMs).toBe(120_000);
  });

  it('never reports a counter going backwards', () => {
    const [prev, cur] = readings(chromium, (later, earlier) => {
      // a stream replaced under the same id restarts its counters
      byId(later, 'OT01V3208841964').bytesSent = 10;
      byId(earlier, 'IT01A554400892').packetsLost = 5;
    });
    const s = summarize(prev, cur)!;
    expect(s.sendKbps).toBe(Math.round((8353 * 8) / 3000 * 10) / 10);
    expect(s.lossPercent).toBe(0);
  });
});
