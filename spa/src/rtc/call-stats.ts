/**
 * One peer connection's call quality between two getStats() readings, as the `call-stats`
 * message carries it (docs/signaling-protocol.md). Chromium and Firefox report the same call
 * differently, and both shapes are read here (fixtures/ holds a recorded call of each):
 * - the selected pair: both name it in `transport.selectedCandidatePairId`; older Firefox has no
 *   transport entry and marks the pair `selected: true`;
 * - round-trip time: Chromium's pair has `currentRoundTripTime` (STUN consent checks); Firefox's
 *   reads 0 there, so RTCP's `remote-inbound-rtp.roundTripTime` stands in when the pair has none;
 * - freezes: `totalFreezesDuration` on incoming video where the browser keeps it, else unknown.
 */
import type { CallStatsConnection as ConnectionSummary, CandidateType } from '../signaling/messages';

export type { ConnectionSummary };

/** The fields of a getStats() entry that the summary reads. */
export interface StatLike {
  id: string;
  type: string;
  kind?: string;
  state?: string;
  nominated?: boolean;
  selected?: boolean;
  selectedCandidatePairId?: string;
  localCandidateId?: string;
  remoteCandidateId?: string;
  candidateType?: string;
  currentRoundTripTime?: number;
  roundTripTime?: number;
  jitter?: number;
  packetsLost?: number;
  packetsReceived?: number;
  bytesSent?: number;
  bytesReceived?: number;
  framesDecoded?: number;
  totalFreezesDuration?: number;
}

/** One reading of one connection, taken at `at` (ms, any monotonic clock). */
export interface StatsSample {
  at: number;
  byId: Map<string, StatLike>;
}

/** The server's bounds on an interval (shorter or longer ones are refused). */
export const MIN_INTERVAL_MS = 1000;
export const MAX_INTERVAL_MS = 120_000;

export function sample(report: Iterable<StatLike>, at: number): StatsSample {
  const byId = new Map<string, StatLike>();
  for (const s of report) byId.set(s.id, s);
  return { at, byId };
}

function selectedPair(s: StatsSample): StatLike | undefined {
  const all = [...s.byId.values()];
  for (const t of all) {
    if (t.type === 'transport' && t.selectedCandidatePairId) {
      const pair = s.byId.get(t.selectedCandidatePairId);
      if (pair) return pair;
    }
  }
  const pairs = all.filter((t) => t.type === 'candidate-pair');
  return pairs.find((p) => p.selected === true) ?? pairs.find((p) => p.nominated === true && p.state === 'succeeded');
}

function candidateOf(s: StatsSample, pair: StatLike): CandidateType | null {
  const local = s.byId.get(pair.localCandidateId ?? '')?.candidateType;
  const remote = s.byId.get(pair.remoteCandidateId ?? '')?.candidateType;
  if (local === 'relay' || remote === 'relay') return 'relay';
  if (local === 'srflx' || local === 'prflx') return 'srflx';
  return local === 'host' ? 'host' : null;
}

/** How much `field` grew since the previous reading; an entry new since then started from 0. */
function growth(prev: StatsSample, cur: StatLike, field: keyof StatLike): number {
  const now = cur[field];
  if (typeof now !== 'number') return 0;
  const before = prev.byId.get(cur.id)?.[field];
  return Math.max(0, now - (typeof before === 'number' ? before : 0));
}

const round = (v: number, places: number) => Math.round(v * 10 ** places) / 10 ** places;

/**
 * The connection's quality from `prev` to `cur`; null when it cannot be told (no selected pair
 * yet, an unknown candidate type, or an interval the server would refuse).
 */
export function summarize(prev: StatsSample, cur: StatsSample): ConnectionSummary | null {
  const intervalMs = Math.round(cur.at - prev.at);
  if (intervalMs < MIN_INTERVAL_MS || intervalMs > MAX_INTERVAL_MS) return null;
  const pair = selectedPair(cur);
  const candidate = pair ? candidateOf(cur, pair) : null;
  if (!pair || !candidate) return null;
  let rtt = pair.currentRoundTripTime && pair.currentRoundTripTime > 0 ? pair.currentRoundTripTime : null;
  let jitter: number | null = null;
  let lost = 0;
  let received = 0;
  let sentBytes = 0;
  let receivedBytes = 0;
  let frames = 0;
  let freeze: number | null = null;
  let rtcpRtt: number | null = null;
  for (const s of cur.byId.values()) {
    if (s.type === 'outbound-rtp') sentBytes += growth(prev, s, 'bytesSent');
    if (s.type === 'remote-inbound-rtp' && typeof s.roundTripTime === 'number') rtcpRtt = Math.max(rtcpRtt ?? 0, s.roundTripTime);
    if (s.type !== 'inbound-rtp') continue;
    if (typeof s.jitter === 'number') jitter = Math.max(jitter ?? 0, s.jitter);
    lost += growth(prev, s, 'packetsLost');
    received += growth(prev, s, 'packetsReceived');
    receivedBytes += growth(prev, s, 'bytesReceived');
    if (s.kind === 'video') {
      frames += growth(prev, s, 'framesDecoded');
      if (typeof s.totalFreezesDuration === 'number') freeze = (freeze ?? 0) + growth(prev, s, 'totalFreezesDuration');
    }
  }
  rtt ??= rtcpRtt;
  return {
    candidate,
    intervalMs,
    rttMs: rtt === null ? null : round(rtt * 1000, 1),
    jitterMs: jitter === null ? null : round(jitter * 1000, 1),
    lossPercent: lost + received > 0 ? round((100 * lost) / (lost + received), 2) : null,
    // bytes × 8 per millisecond is kilobits per second
    sendKbps: round((sentBytes * 8) / intervalMs, 1),
    recvKbps: round((receivedBytes * 8) / intervalMs, 1),
    framesDecoded: frames,
    freezeMs: freeze === null ? null : Math.round(freeze * 1000),
  };
}
