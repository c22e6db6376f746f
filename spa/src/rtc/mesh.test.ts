import { describe, expect, it, vi } from 'vitest';
import { Mesh, RECOVER_AFTER_MS } from './mesh';
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
  restarts = 0;
  restartIce() {
    this.restarts++;
  }
  async setLocalDescription() {}
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

function meshWithFakes(clock = { t: 0 }) {
  const made: FakeConnection[] = [];
  const local = { getTracks: () => [] } as unknown as MediaStream;
  const mesh = new Mesh(
    local,
    () => {},
    () => {
      const pc = new FakeConnection();
      made.push(pc);
      return pc as unknown as RTCPeerConnection;
    },
    () => clock.t,
  );
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

describe('Mesh watchdog', () => {
  it('renegotiates a connection that has not come up in time, and leaves a connected one alone', async () => {
    const clock = { t: 0 };
    const { mesh, made } = meshWithFakes(clock);
    mesh.reset('me', [], [peer('a'), peer('b')]);
    made[1]!.connectionState = 'connected';
    clock.t = RECOVER_AFTER_MS - 1;
    mesh.recoverStuck();
    await Promise.resolve();
    expect(made[0]?.restarts).toBe(0);
    clock.t = RECOVER_AFTER_MS;
    mesh.recoverStuck();
    for (let i = 0; i < 5; i++) await Promise.resolve();
    expect(made[0]?.restarts).toBe(1);
    expect(made[1]?.restarts).toBe(0);
    mesh.close();
  });
});
