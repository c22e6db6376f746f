import { describe, expect, it } from 'vitest';
import { combineUplink, readPair } from './uplink';

describe('readPair', () => {
  it('reads the transport’s selected candidate pair', () => {
    const report = [
      { type: 'candidate-pair', id: 'old', timestamp: 1000, nominated: true, state: 'succeeded', bytesSent: 5, availableOutgoingBitrate: 1 },
      { type: 'candidate-pair', id: 'cp1', timestamp: 1000, state: 'succeeded', bytesSent: 125_000, availableOutgoingBitrate: 2_500_000 },
      { type: 'transport', id: 't', selectedCandidatePairId: 'cp1' },
      { type: 'outbound-rtp', id: 'o', bytesSent: 99 },
    ];
    expect(readPair(report)).toEqual({ at: 1000, bytesSent: 125_000, availableBps: 2_500_000 });
  });

  it('falls back to the nominated, succeeded pair, and says when there is no estimate (Firefox)', () => {
    const report = [
      { type: 'candidate-pair', id: 'a', timestamp: 10, nominated: false, state: 'succeeded', bytesSent: 1 },
      { type: 'candidate-pair', id: 'b', timestamp: 10, nominated: true, state: 'succeeded', bytesSent: 7 },
    ];
    expect(readPair(report)).toEqual({ at: 10, bytesSent: 7, availableBps: null });
  });

  it('is null before a pair is up', () => {
    expect(readPair([{ type: 'candidate-pair', id: 'a', timestamp: 10, state: 'in-progress' }])).toBeNull();
    expect(readPair([])).toBeNull();
  });
});

describe('combineUplink', () => {
  const at = (t: number, bytesSent: number, availableBps: number | null) => ({ at: t, bytesSent, availableBps });

  it('one connection: what it sends over the last interval, and its estimate', () => {
    expect(combineUplink([{ before: at(1000, 0, null), now: at(2000, 187_500, 3_000_000) }])).toEqual({ sendBps: 1_500_000, availableBps: 3_000_000 });
  });

  it('a mesh: every connection’s send together, plus the tightest connection’s spare', () => {
    const r = combineUplink([
      { before: at(0, 0, null), now: at(1000, 125_000, 1_500_000) }, // sends 1 Mbit/s, 0.5 spare
      { before: at(0, 0, null), now: at(1000, 62_500, 3_000_000) }, // sends 0.5 Mbit/s, 2.5 spare
    ]);
    expect(r).toEqual({ sendBps: 1_500_000, availableBps: 2_000_000 });
  });

  it('counts a connection seen once as sending nothing yet, and no connection as no call', () => {
    expect(combineUplink([{ before: undefined, now: at(1000, 1e6, 2e6) }])).toEqual({ sendBps: 0, availableBps: 2e6 });
    expect(combineUplink([])).toBeNull();
  });

  it('has no estimate when no connection gives one, and never a spare below zero', () => {
    expect(combineUplink([{ before: at(0, 0, null), now: at(1000, 125_000, null) }])).toEqual({ sendBps: 1e6, availableBps: null });
    expect(combineUplink([{ before: at(0, 0, null), now: at(1000, 250_000, 1e6) }])).toEqual({ sendBps: 2e6, availableBps: 2e6 });
  });
});
