import { describe, expect, it, vi } from 'vitest';
import { AWAIT_OFFER_MS, EARLY_SIGNAL_MS, Mesh, RECOVER_AFTER_MS } from './mesh';
import type { PeerInfo, SignalData } from '../signaling/messages';

class FakeConnection {
  closed = false;
  connectionState: RTCPeerConnectionState = 'new';
  signalingState: RTCSignalingState = 'stable';
  ontrack: unknown = null;
  onconnectionstatechange: unknown = null;
  onnegotiationneeded: unknown = null;
  onicecandidate: unknown = null;
  oniceconnectionstatechange: unknown = null;
  addTrack = vi.fn();
  restarts = 0;
  offers = 0;
  remoteDescription: RTCSessionDescriptionInit | null = null;
  localDescription: RTCSessionDescriptionInit | null = null;
  restartIce() {
    this.restarts++;
  }
  async setLocalDescription() {
    if (this.signalingState === 'have-remote-offer') {
      this.localDescription = { type: 'answer', sdp: 'a=fingerprint:sha-256 LOCAL' };
      this.signalingState = 'stable';
    } else {
      this.offers++;
      this.localDescription = { type: 'offer', sdp: 'a=fingerprint:sha-256 LOCAL' };
      this.signalingState = 'have-local-offer';
    }
  }
  async setRemoteDescription(d: RTCSessionDescriptionInit) {
    this.remoteDescription = d;
    this.signalingState = d.type === 'offer' ? 'have-remote-offer' : 'stable';
  }
  async addIceCandidate() {}
  close() {
    this.closed = true;
  }
}

const peer = (peerId: string): PeerInfo => ({
  peerId,
  userId: `u-${peerId}`,
  displayName: peerId,
  role: 'guest',
  state: { audio: true, video: true, screen: false },
});

/** A mesh over fake connections; `sent` lists what it signalled as "peer:offer|answer|candidate". */
function meshWithFakes(clock = { t: 0 }) {
  const made: FakeConnection[] = [];
  const sent: string[] = [];
  const data: { to: string; data: SignalData }[] = [];
  const local = { id: 'my-camera', getTracks: () => [] } as unknown as MediaStream;
  const mesh = new Mesh(
    local,
    (to, d) => {
      sent.push(`${to}:${d.description?.type ?? 'candidate'}`);
      data.push({ to, data: d });
    },
    () => {
      const pc = new FakeConnection();
      made.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    () => clock.t,
  );
  return { mesh, made, sent, data };
}

describe('Mesh.reset', () => {
  it('keeps connections to peers still present when our peer id was resumed', () => {
    const { mesh, made } = meshWithFakes();
    mesh.reset('me', [], [peer('a'), peer('b')]);
    expect(made).toHaveLength(2);
    mesh.reset('me', [], [peer('a'), peer('c')]);
    expect(made).toHaveLength(3);
    expect(made[0]?.closed).toBe(false);
    expect(made[1]?.closed).toBe(true);
    expect(mesh.list().map((p) => p.info.peerId).sort()).toEqual(['a', 'c']);
    mesh.close();
  });

  it('starts every connection over when the server gave us a new peer id', () => {
    const { mesh, made } = meshWithFakes();
    mesh.reset('me', [], [peer('a')]);
    mesh.reset('me-again', [], [peer('a')]);
    expect(made).toHaveLength(2);
    expect(made[0]?.closed).toBe(true);
    expect(made[1]?.closed).toBe(false);
    mesh.close();
  });
});

const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};
const offerFrom = (fingerprint: string): RTCSessionDescriptionInit => ({ type: 'offer', sdp: `v=0\r\na=fingerprint:sha-256 ${fingerprint}\r\n` });

describe('Mesh watchdog', () => {
  it('on the polite side restarts ICE on a connection that has not come up, and leaves a connected one alone', async () => {
    const clock = { t: 0 };
    const { mesh, made } = meshWithFakes(clock);
    // 'me' < 'x' and 'me' < 'y': we are the polite side of both
    mesh.reset('me', [], [peer('x'), peer('y')]);
    made[1]!.connectionState = 'connected';
    clock.t = RECOVER_AFTER_MS - 1;
    mesh.recoverStuck();
    await settle();
    expect(made[0]?.restarts).toBe(0);
    clock.t = RECOVER_AFTER_MS;
    mesh.recoverStuck();
    await settle();
    expect(made[0]?.restarts).toBe(1);
    expect(made[1]?.restarts).toBe(0);
    expect(made).toHaveLength(2);
    mesh.close();
  });

  it('on the impolite side replaces a connection that never came up with a fresh one that offers', async () => {
    const clock = { t: 0 };
    const { mesh, made } = meshWithFakes(clock);
    mesh.reset('me', [], [peer('a')]); // 'me' > 'a': impolite
    clock.t = RECOVER_AFTER_MS;
    mesh.recoverStuck();
    expect(made).toHaveLength(2);
    expect(made[0]?.closed).toBe(true);
    await (made[1]!.onnegotiationneeded as () => Promise<void>)();
    expect(made[1]?.offers).toBe(1);
    mesh.close();
  });

  it('on the impolite side tries an ICE restart first on a connection that was up before', async () => {
    const clock = { t: 0 };
    const { mesh, made } = meshWithFakes(clock);
    mesh.reset('me', [], [peer('a')]);
    made[0]!.connectionState = 'connected';
    mesh.recoverStuck();
    made[0]!.connectionState = 'disconnected';
    clock.t = RECOVER_AFTER_MS;
    mesh.recoverStuck();
    await settle();
    expect(made).toHaveLength(1);
    expect(made[0]?.restarts).toBe(1);
    clock.t = 2 * RECOVER_AFTER_MS;
    mesh.recoverStuck();
    expect(made).toHaveLength(2);
    mesh.close();
  });
});

describe('Mesh opening', () => {
  it('the newcomer offers; the peer already in the room waits for that offer and answers it', async () => {
    const { mesh, made, sent } = meshWithFakes();
    mesh.reset('me', [], [peer('old')]);
    mesh.add(peer('new'));
    await (made[0]!.onnegotiationneeded as () => Promise<void>)();
    await (made[1]!.onnegotiationneeded as () => Promise<void>)();
    expect(sent).toEqual(['old:offer']);
    mesh.signal('new', { description: offerFrom('NEW') });
    await settle();
    expect(sent).toEqual(['old:offer', 'new:answer']);
    mesh.close();
  });

  it('the peer already there makes the offer itself when the newcomer sent none in time', async () => {
    const clock = { t: 0 };
    const { mesh, made, sent } = meshWithFakes(clock);
    mesh.reset('me', [], []);
    mesh.add(peer('mute-newcomer'));
    await (made[0]!.onnegotiationneeded as () => Promise<void>)();
    clock.t = AWAIT_OFFER_MS - 1;
    mesh.recoverStuck();
    await settle();
    expect(sent).toEqual([]);
    clock.t = AWAIT_OFFER_MS;
    mesh.recoverStuck();
    await settle();
    expect(sent).toEqual(['mute-newcomer:offer']);
    mesh.close();
  });

  it('keeps signals that overtake their sender\'s peer-joined and applies them once it arrives', async () => {
    const { mesh, made } = meshWithFakes();
    mesh.reset('me', [], []);
    mesh.signal('late', { description: offerFrom('LATE') });
    mesh.signal('late', { candidate: { candidate: 'c' } });
    expect(made).toHaveLength(0);
    mesh.add(peer('late'));
    await settle();
    expect(made[0]?.remoteDescription?.sdp).toContain('LATE');
    expect(made[0]?.signalingState).toBe('stable');
    mesh.close();
  });

  it('forgets early signals after a while', async () => {
    const clock = { t: 0 };
    const { mesh, made } = meshWithFakes(clock);
    mesh.reset('me', [], []);
    mesh.signal('ghost', { description: offerFrom('GHOST') });
    clock.t = EARLY_SIGNAL_MS + 1;
    mesh.signal('other', { candidate: null });
    mesh.add(peer('ghost'));
    await settle();
    expect(made[0]?.remoteDescription).toBeNull();
    mesh.close();
  });

  it('follows the other side onto a new connection when its offer carries a new certificate', async () => {
    const { mesh, made } = meshWithFakes();
    mesh.reset('me', [], []);
    mesh.add(peer('p'));
    mesh.signal('p', { description: offerFrom('FIRST') });
    await settle();
    expect(made).toHaveLength(1);
    mesh.signal('p', { description: offerFrom('FIRST') }); // a renegotiation: same connection
    await settle();
    expect(made).toHaveLength(1);
    mesh.signal('p', { description: offerFrom('SECOND') });
    await settle();
    expect(made).toHaveLength(2);
    expect(made[0]?.closed).toBe(true);
    expect(made[1]?.remoteDescription?.sdp).toContain('SECOND');
    expect(made[1]?.signalingState).toBe('stable');
    mesh.close();
  });
});

/** A remote stream as ontrack hands it over. */
const stream = (id: string) => ({ id, getTracks: () => [{}], onremovetrack: null }) as unknown as MediaStream;
const arrive = (pc: FakeConnection, s: MediaStream) => (pc.ontrack as (e: { streams: MediaStream[] }) => void)({ streams: [s] });

describe('Mesh stream labels', () => {
  it('files a screen share that arrives before the camera by its label', async () => {
    const { mesh, made } = meshWithFakes();
    mesh.reset('me', [], []);
    mesh.add(peer('p'));
    mesh.signal('p', { description: offerFrom('P'), streams: { 'their-screen': 'screen', 'their-camera': 'camera' } });
    await settle();
    arrive(made[0]!, stream('their-screen'));
    arrive(made[0]!, stream('their-camera'));
    const [remote] = mesh.list();
    expect(remote?.screen?.id).toBe('their-screen');
    expect(remote?.camera?.id).toBe('their-camera');
    mesh.close();
  });

  it('learns a label from a later renegotiation (a screen share started mid-call)', async () => {
    const { mesh, made } = meshWithFakes();
    mesh.reset('me', [], []);
    mesh.add(peer('p'));
    mesh.signal('p', { description: offerFrom('P'), streams: { 'their-camera': 'camera' } });
    await settle();
    arrive(made[0]!, stream('their-camera'));
    mesh.signal('p', { description: offerFrom('P'), streams: { 'their-camera': 'camera', 'their-screen': 'screen' } });
    await settle();
    arrive(made[0]!, stream('their-screen'));
    expect(mesh.list()[0]?.camera?.id).toBe('their-camera');
    expect(mesh.list()[0]?.screen?.id).toBe('their-screen');
    mesh.close();
  });

  it('falls back to arrival order for an older client\'s unlabelled signals', async () => {
    const { mesh, made } = meshWithFakes();
    mesh.reset('me', [], []);
    mesh.add(peer('old-client'));
    mesh.signal('old-client', { description: offerFrom('OLD') });
    await settle();
    arrive(made[0]!, stream('first'));
    arrive(made[0]!, stream('second'));
    expect(mesh.list()[0]?.camera?.id).toBe('first');
    expect(mesh.list()[0]?.screen?.id).toBe('second');
    mesh.close();
  });

  it.each([
    ['an array', ['screen']],
    ['an unknown label', { 'their-screen': 'screenshare' }],
    ['an empty id', { '': 'screen' }],
    ['an oversized id', { ['x'.repeat(257)]: 'screen' }],
    ['too many streams', Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`s${i}`, 'screen']))],
    ['a string', 'screen'],
  ])('ignores a malformed label list (%s) and falls back to arrival order', async (_what, streams) => {
    const { mesh, made } = meshWithFakes();
    mesh.reset('me', [], []);
    mesh.add(peer('p'));
    mesh.signal('p', { description: offerFrom('P'), streams } as unknown as SignalData);
    await settle();
    arrive(made[0]!, stream('their-screen'));
    expect(mesh.list()[0]?.camera?.id).toBe('their-screen');
    expect(mesh.list()[0]?.screen).toBeNull();
    mesh.close();
  });

  it('labels our own descriptions, with the screen while one is shared, and not our candidates', async () => {
    const { mesh, made, data } = meshWithFakes();
    mesh.reset('me', [], [peer('p')]);
    await (made[0]!.onnegotiationneeded as () => Promise<void>)();
    expect(data.at(-1)?.data.streams).toEqual({ 'my-camera': 'camera' });
    mesh.setScreen({ id: 'my-screen', getTracks: () => [] } as unknown as MediaStream);
    made[0]!.signalingState = 'stable';
    await (made[0]!.onnegotiationneeded as () => Promise<void>)();
    expect(data.at(-1)?.data.streams).toEqual({ 'my-camera': 'camera', 'my-screen': 'screen' });
    (made[0]!.onicecandidate as (e: { candidate: RTCIceCandidateInit }) => void)({ candidate: { candidate: 'c' } });
    expect(data.at(-1)?.data).toEqual({ candidate: { candidate: 'c' } });
    mesh.close();
  });
});
