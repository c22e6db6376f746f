export type NetworkQuality = 'good' | 'fair' | 'poor' | 'unknown';

export interface QualityReading {
  quality: NetworkQuality;
  rttMs: number | null;
  lossPercent: number | null;
}

export interface StatLike {
  type: string;
  state?: string;
  nominated?: boolean;
  currentRoundTripTime?: number;
  packetsLost?: number;
  packetsReceived?: number;
}

/**
 * Reads round-trip time (the active candidate pair) and packet loss (inbound RTP since the
 * previous reading) from a getStats() report.
 */
export function readQuality(
  report: Iterable<StatLike>,
  previous: { lost: number; received: number } = { lost: 0, received: 0 },
): QualityReading & { totals: { lost: number; received: number } } {
  let rtt: number | null = null;
  let lost = 0;
  let received = 0;
  for (const s of report) {
    if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated && s.currentRoundTripTime !== undefined) {
      rtt = s.currentRoundTripTime * 1000;
    }
    if (s.type === 'inbound-rtp') {
      lost += s.packetsLost ?? 0;
      received += s.packetsReceived ?? 0;
    }
  }
  const dLost = Math.max(0, lost - previous.lost);
  const dReceived = Math.max(0, received - previous.received);
  const loss = dLost + dReceived > 0 ? (100 * dLost) / (dLost + dReceived) : null;
  let quality: NetworkQuality = 'unknown';
  if (rtt !== null || loss !== null) {
    const r = rtt ?? 0;
    const l = loss ?? 0;
    quality = r > 400 || l > 8 ? 'poor' : r > 200 || l > 2 ? 'fair' : 'good';
  }
  return { quality, rttMs: rtt, lossPercent: loss, totals: { lost, received } };
}
