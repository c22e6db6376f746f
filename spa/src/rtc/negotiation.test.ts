import { describe, expect, it, vi } from 'vitest';
import type { SignalData } from '../signaling/messages';
import { Negotiator, isPolite, type NegotiatingConnection } from './negotiation';
import { readQuality } from './quality';

/** Just enough of RTCPeerConnection's signaling state machine (JSEP) to negotiate. */
class FakePc implements NegotiatingConnection {
  signalingState: RTCSignalingState = 'stable';
  localDescription: RTCSessionDescriptionInit | null = null;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  iceConnectionState: RTCIceConnectionState = 'new';
  candidates: unknown[] = [];
  restarts = 0;
  offers = 0;
  onnegotiationneeded: ((ev: Event) => unknown) | null = null;
  onicecandidate: ((ev: RTCPeerConnectionIceEvent) => unknown) | null = null;
  oniceconnectionstatechange: ((ev: Event) => unknown) | null = null;
  constructor(readonly name: string) {}
  async setLocalDescription(d?: RTCSessionDescriptionInit) {
    await Promise.resolve();
    if (d?.type === 'rollback') {
      this.localDescription = null;
      this.signalingState = 'stable';
      return;
    }
    if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: `answer-${this.name}` };
      this.signalingState = 'stable';
    } else {
      this.offers++;
      this.localDescription = { type: 'offer', sdp: `offer-${this.name}-${this.offers}` };
      this.signalingState = 'have-local-offer';
    }
  }
  async setRemoteDescription(d: RTCSessionDescriptionInit) {
    await Promise.resolve();
    if (d.type === 'offer') {
      // implicit rollback of our own offer, as browsers do
      this.signalingState = 'have-remote-offer';
    } else {
      if (this.signalingState !== 'have-local-offer') throw new Error(`answer in ${this.signalingState}`);
      this.signalingState = 'stable';
    }
    this.remoteDescription = d;
  }
  async addIceCandidate(c?: RTCIceCandidateInit | null) {
    if (!this.remoteDescription) throw new Error('no remote description');
    this.candidates.push(c);
  }
  restartIce() {
    this.restarts++;
  }
}

const settle = async () => {
  for (let i = 0; i < 50; i++) await Promise.resolve();
};

function pair() {
  const a = new FakePc('a');
  const b = new FakePc('b');
  const errors: unknown[] = [];
  const toB: SignalData[] = [];
  const toA: SignalData[] = [];
  const na = new Negotiator(a, isPolite('a', 'b'), (d) => toB.push(d), { onError: (e) => errors.push(e) });
  const nb = new Negotiator(b, isPolite('b', 'a'), (d) => toA.push(d), { onError: (e) => errors.push(e) });
  const pump = async () => {
    for (let i = 0; i < 10; i++) {
      await settle();
      const forB = toB.splice(0);
      const forA = toA.splice(0);
      for (const d of forB) await nb.receive(d);
      for (const d of forA) await na.receive(d);
    }
  };
  return { a, b, na, nb, errors, pump, toA, toB };
}

describe('perfect negotiation', () => {
  it('agrees on exactly one polite side', () => {
    expect(isPolite('a', 'b')).not.toBe(isPolite('b', 'a'));
  });

  it('one side offers, the other answers, both end stable', async () => {
    const { a, b, errors, pump } = pair();
    a.onnegotiationneeded?.(new Event('negotiationneeded'));
    await pump();
    expect(a.signalingState).toBe('stable');
    expect(b.signalingState).toBe('stable');
    expect(b.remoteDescription?.sdp).toBe('offer-a-1');
    expect(errors).toEqual([]);
  });

  it('on a glare the impolite offer wins and the polite one rolls back', async () => {
    const { a, b, errors, pump } = pair();
    // both want to negotiate at once (each adds its camera)
    a.onnegotiationneeded?.(new Event('negotiationneeded'));
    b.onnegotiationneeded?.(new Event('negotiationneeded'));
    await pump();
    expect(a.signalingState).toBe('stable');
    expect(b.signalingState).toBe('stable');
    const impolite = isPolite('a', 'b') ? b : a;
    const polite = impolite === a ? b : a;
    expect(polite.remoteDescription?.sdp).toBe(`offer-${impolite.name}-1`);
    expect(errors).toEqual([]);
  });

  it('renegotiates later (a screen share) without starting over', async () => {
    const { a, b, errors, pump } = pair();
    a.onnegotiationneeded?.(new Event('negotiationneeded'));
    await pump();
    b.onnegotiationneeded?.(new Event('negotiationneeded'));
    await pump();
    expect(a.remoteDescription?.sdp).toBe('offer-b-1');
    expect([a.signalingState, b.signalingState]).toEqual(['stable', 'stable']);
    expect(errors).toEqual([]);
  });

  it('relays candidates and swallows those of an ignored offer on the impolite side', async () => {
    const { a, b, na, nb, errors } = pair();
    const impolite = isPolite('a', 'b') ? nb : na;
    const impolitePc = impolite === na ? a : b;
    impolitePc.onnegotiationneeded?.(new Event('negotiationneeded'));
    await settle();
    await impolite.receive({ description: { type: 'offer', sdp: 'x' } }); // glare: ignored
    await impolite.receive({ candidate: { candidate: 'c1' } });
    expect(errors).toEqual([]);
    const sent: SignalData[] = [];
    const pc = new FakePc('c');
    new Negotiator(pc, true, (d) => sent.push(d));
    pc.onicecandidate?.({ candidate: { toJSON: () => ({ candidate: 'cand' }) } } as unknown as RTCPeerConnectionIceEvent);
    expect(sent).toEqual([{ candidate: { candidate: 'cand' } }]);
  });

  it('applies a candidate that arrives right behind its offer only after the offer', async () => {
    const errors: unknown[] = [];
    const pc = new FakePc('b');
    const n = new Negotiator(pc, true, vi.fn(), { onError: (e) => errors.push(e) });
    void n.receive({ description: { type: 'offer', sdp: 'o' } });
    await n.receive({ candidate: { candidate: 'c1' } });
    expect(pc.candidates).toEqual([{ candidate: 'c1' }]);
    expect(errors).toEqual([]);
  });

  it('keeps candidates that come before any description until it arrives', async () => {
    const errors: unknown[] = [];
    const pc = new FakePc('b');
    const n = new Negotiator(pc, true, vi.fn(), { onError: (e) => errors.push(e) });
    await n.receive({ candidate: { candidate: 'early' } });
    expect(pc.candidates).toEqual([]);
    await n.receive({ description: { type: 'offer', sdp: 'o' } });
    expect(pc.candidates).toEqual([{ candidate: 'early' }]);
    expect(errors).toEqual([]);
  });

  it('sends its own candidates only after the description they belong to', async () => {
    const sent: SignalData[] = [];
    const pc = new FakePc('a');
    new Negotiator(pc, true, (d) => sent.push(d));
    const original = pc.setLocalDescription.bind(pc);
    pc.setLocalDescription = async () => {
      await original();
      // gathering starts while setLocalDescription is still settling
      pc.onicecandidate?.({ candidate: { toJSON: () => ({ candidate: 'c0' }) } } as unknown as RTCPeerConnectionIceEvent);
    };
    await pc.onnegotiationneeded?.(new Event('negotiationneeded'));
    expect(sent.map((d) => (d.description ? 'description' : 'candidate'))).toEqual(['description', 'candidate']);
  });

  it('restarts ICE when the connection fails', () => {
    const pc = new FakePc('a');
    new Negotiator(pc, true, vi.fn());
    pc.iceConnectionState = 'failed';
    pc.oniceconnectionstatechange?.(new Event('x'));
    expect(pc.restarts).toBe(1);
  });
});

describe('the peer already in the room awaits the newcomer\'s offer', () => {
  it('makes no opening offer of its own, so the two never collide', async () => {
    const newcomer = new FakePc('n');
    const present = new FakePc('p');
    const toPresent: SignalData[] = [];
    const toNewcomer: SignalData[] = [];
    const errors: unknown[] = [];
    const nn = new Negotiator(newcomer, false, (d) => toPresent.push(d), { onError: (e) => errors.push(e) });
    const np = new Negotiator(present, true, (d) => toNewcomer.push(d), { onError: (e) => errors.push(e), awaitOffer: true });
    // both add their camera at once
    present.onnegotiationneeded?.(new Event('negotiationneeded'));
    newcomer.onnegotiationneeded?.(new Event('negotiationneeded'));
    await settle();
    expect(present.offers).toBe(0);
    for (const d of toPresent.splice(0)) await np.receive(d);
    await settle();
    for (const d of toNewcomer.splice(0)) await nn.receive(d);
    expect([newcomer.signalingState, present.signalingState]).toEqual(['stable', 'stable']);
    expect(present.localDescription?.type).toBe('answer');
    // later renegotiation (a screen share) from the waiting side is its own again
    await present.onnegotiationneeded?.(new Event('negotiationneeded'));
    expect(present.offers).toBe(1);
    expect(errors).toEqual([]);
  });

  it('offers itself when no offer came, acting on the negotiationneeded it let pass', async () => {
    const pc = new FakePc('w');
    const sent: SignalData[] = [];
    const n = new Negotiator(pc, true, (d) => sent.push(d), { awaitOffer: true });
    await pc.onnegotiationneeded?.(new Event('negotiationneeded'));
    expect(sent).toEqual([]);
    expect(n.awaiting).toBe(true);
    n.stopAwaiting();
    await settle();
    expect(n.awaiting).toBe(false);
    expect(sent.map((d) => d.description?.type)).toEqual(['offer']);
    expect(pc.restarts).toBe(0);
  });

  it('makes no offer on giving up waiting when nothing needed one', async () => {
    const pc = new FakePc('w');
    const sent: SignalData[] = [];
    const n = new Negotiator(pc, true, (d) => sent.push(d), { awaitOffer: true });
    await n.recover();
    await settle();
    expect(sent).toEqual([]);
    expect(n.awaiting).toBe(false);
  });
});

describe('network quality', () => {
  it('grades from round-trip time and loss since the last reading', () => {
    const pair = { type: 'candidate-pair', state: 'succeeded', nominated: true, currentRoundTripTime: 0.05 };
    const first = readQuality([pair, { type: 'inbound-rtp', packetsLost: 0, packetsReceived: 1000 }]);
    expect(first.quality).toBe('good');
    const second = readQuality([pair, { type: 'inbound-rtp', packetsLost: 100, packetsReceived: 1900 }], first.totals);
    expect(second.lossPercent).toBeCloseTo(10);
    expect(second.quality).toBe('poor');
    expect(readQuality([]).quality).toBe('unknown');
  });
});

describe('Negotiator.recover', () => {
  it('rolls back an offer whose answer never came and asks for an ICE restart', async () => {
    const pc = new FakePc('x');
    const sent: SignalData[] = [];
    const n = new Negotiator(pc, false, (d) => sent.push(d));
    await (pc.onnegotiationneeded as () => Promise<void>)();
    expect(pc.signalingState).toBe('have-local-offer');
    await n.recover();
    expect(pc.signalingState).toBe('stable');
    expect(pc.restarts).toBe(1);
  });

  it('only asks for an ICE restart when nothing is pending', async () => {
    const pc = new FakePc('y');
    const n = new Negotiator(pc, true, () => {});
    await n.recover();
    expect(pc.signalingState).toBe('stable');
    expect(pc.restarts).toBe(1);
  });
});
