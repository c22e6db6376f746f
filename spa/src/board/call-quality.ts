import type { CallQuality } from '../signaling/messages';
import type { StatLike as QualityStat } from '../rtc/quality';

/** A getStats() entry: what rtc/quality reads, and bytes sent. */
export type StatLike = QualityStat & { bytesSent?: number };

interface Totals {
  lost: number;
  received: number;
  sent: number;
  at: number;
}

/**
 * This browser's side of the call from its peer connections' getStats(): the mean round trip of
 * their active candidate pairs, the share of incoming packets lost and the bitrate sent, both
 * since the previous reading. A connection gone since makes a total shrink: that interval says
 * nothing (null) rather than something negative.
 */
export class CallQualityMeter {
  private previous: Totals | null = null;

  read(reports: Iterable<StatLike>[], nowMs: number): CallQuality {
    const rtts: number[] = [];
    const t: Totals = { lost: 0, received: 0, sent: 0, at: nowMs };
    for (const report of reports) {
      for (const s of report) {
        if (s.type === 'candidate-pair' && s.state === 'succeeded' && s.nominated && s.currentRoundTripTime !== undefined) {
          rtts.push(s.currentRoundTripTime * 1000);
        } else if (s.type === 'inbound-rtp') {
          t.lost += s.packetsLost ?? 0;
          t.received += s.packetsReceived ?? 0;
        } else if (s.type === 'outbound-rtp') {
          t.sent += s.bytesSent ?? 0;
        }
      }
    }
    const p = this.previous;
    this.previous = t;
    const rttMs = rtts.length > 0 ? round(rtts.reduce((a, b) => a + b, 0) / rtts.length) : null;
    if (!p || t.at <= p.at) return { rttMs, lossPercent: null, sendKbps: null };
    const dLost = t.lost - p.lost;
    const dReceived = t.received - p.received;
    const dSent = t.sent - p.sent;
    const lossPercent = dLost >= 0 && dReceived >= 0 && dLost + dReceived > 0 ? round((100 * dLost) / (dLost + dReceived)) : null;
    const sendKbps = dSent >= 0 ? round((dSent * 8) / (t.at - p.at)) : null;
    return { rttMs, lossPercent, sendKbps };
  }
}

const round = (n: number) => Math.round(n * 100) / 100;
