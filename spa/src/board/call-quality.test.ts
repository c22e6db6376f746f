import { describe, expect, it } from 'vitest';
import { CallQualityMeter } from './call-quality';

const pair = (rtt: number) => ({ type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: rtt });
const inbound = (lost: number, received: number) => ({ type: 'inbound-rtp', packetsLost: lost, packetsReceived: received });
const outbound = (bytesSent: number) => ({ type: 'outbound-rtp', bytesSent });

describe('CallQualityMeter', () => {
  it('gives the mean round trip at once, and loss and send rate over the interval since the last reading', () => {
    const m = new CallQualityMeter();
    const first = m.read([[pair(0.010), inbound(0, 100), outbound(1000)], [pair(0.030), { type: 'candidate-pair', state: 'waiting', nominated: false, currentRoundTripTime: 9 }]], 1000);
    expect(first).toEqual({ rttMs: 20, lossPercent: null, sendKbps: null });
    // 2 s later: 5 of 100 new packets lost, 250 kB more sent → 1000 kbit/s
    const next = m.read([[pair(0.012), inbound(5, 195), outbound(251_000)], [pair(0.030)]], 3000);
    expect(next).toEqual({ rttMs: 21, lossPercent: 5, sendKbps: 1000 });
  });

  it('says nothing of an interval in which a connection went away (totals shrank), and nothing without connections', () => {
    const m = new CallQualityMeter();
    m.read([[inbound(10, 1000), outbound(90_000)], [inbound(0, 500), outbound(10_000)]], 0);
    expect(m.read([[inbound(10, 1000), outbound(95_000)]], 1000)).toEqual({ rttMs: null, lossPercent: null, sendKbps: null });
    expect(new CallQualityMeter().read([], 0)).toEqual({ rttMs: null, lossPercent: null, sendKbps: null });
  });
});
