import { describe, expect, it, vi } from 'vitest';
import { Mesh } from './mesh';
import type { PeerInfo } from '../signaling/messages';

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

function meshWithFakes() {
  const made: FakeConnection[] = [];
  const local = { getTracks: () => [] } as unknown as MediaStream;
  const mesh = new Mesh(local, () => {}, () => {
    const pc = new FakeConnection();
    made.push(pc);
    return pc as unknown as RTCPeerConnection;
  });
  return { mesh, made };
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
