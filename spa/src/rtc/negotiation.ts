import type { SignalData } from '../signaling/messages';

/** The slice of RTCPeerConnection perfect negotiation uses (tests pass a fake). */
export interface NegotiatingConnection {
  readonly signalingState: RTCSignalingState;
  readonly localDescription: RTCSessionDescriptionInit | null;
  readonly remoteDescription: RTCSessionDescriptionInit | null;
  readonly iceConnectionState: RTCIceConnectionState;
  setLocalDescription(description?: RTCSessionDescriptionInit): Promise<void>;
  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void>;
  addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void>;
  restartIce(): void;
  onnegotiationneeded: ((ev: Event) => unknown) | null;
  onicecandidate: ((ev: RTCPeerConnectionIceEvent) => unknown) | null;
  oniceconnectionstatechange: ((ev: Event) => unknown) | null;
}

export interface NegotiatorOptions {
  onError?: (e: unknown) => void;
  /**
   * Make no offer of our own until the other side's first offer is answered. The peer already in
   * the room waits for the newcomer's offer: two opening offers collide, and Chromium's rollback of
   * the polite side's offer can leave that connection gathering no candidates, ever.
   */
  awaitOffer?: boolean;
}

/** The polite peer yields on offer collisions. Both sides agree by comparing peer ids. */
export function isPolite(myPeerId: string, theirPeerId: string): boolean {
  return myPeerId < theirPeerId;
}

/**
 * "Perfect negotiation" (W3C WebRTC spec, example 10): either side may renegotiate at any time
 * (a screen share, an ICE restart); on a collision the impolite side ignores the other's offer and
 * the polite side rolls back its own.
 */
export class Negotiator {
  private makingOffer = false;
  private ignoreOffer = false;
  private isSettingRemoteAnswerPending = false;
  /** Our candidates wait while a description of ours is on its way: the peer needs it first. */
  private describing = 0;
  private outgoing: RTCIceCandidateInit[] = [];
  /** Their candidates that came before any description of theirs. */
  private incoming: (RTCIceCandidateInit | null)[] = [];
  private awaitingOffer: boolean;
  private neededWhileAwaiting = false;
  private readonly onError: (e: unknown) => void;

  constructor(
    private readonly pc: NegotiatingConnection,
    private readonly polite: boolean,
    private readonly send: (data: SignalData) => void,
    options: NegotiatorOptions = {},
  ) {
    this.awaitingOffer = options.awaitOffer ?? false;
    this.onError = options.onError ?? ((e) => console.warn('negotiation', e));
    pc.onnegotiationneeded = () => {
      // The browser fires this again once stable after our answer if anything is still unsent.
      if (this.awaitingOffer) {
        this.neededWhileAwaiting = true;
        return undefined;
      }
      return this.offer();
    };
    pc.onicecandidate = ({ candidate }) => {
      if (!candidate) return;
      const c = candidate.toJSON ? candidate.toJSON() : candidate;
      if (this.describing > 0) this.outgoing.push(c);
      else send({ candidate: c });
    };
    pc.oniceconnectionstatechange = () => {
      if (pc.iceConnectionState === 'failed') pc.restartIce();
    };
  }

  private queue: Promise<void> = Promise.resolve();

  /**
   * Starts negotiation over when a connection never came up: an offer of ours whose answer was
   * lost would otherwise wait forever (and an impolite peer ignores the other side's offers
   * meanwhile). Rolls our pending offer back, then asks for an ICE restart, which makes a fresh
   * offer through onnegotiationneeded.
   */
  recover(): Promise<void> {
    if (this.awaitingOffer) {
      this.stopAwaiting();
      return this.queue;
    }
    this.queue = this.queue.then(async () => {
      try {
        if (this.pc.signalingState === 'have-local-offer' && !this.makingOffer) {
          await this.pc.setLocalDescription({ type: 'rollback' });
        }
        this.pc.restartIce();
      } catch (e) {
        this.onError(e);
      }
    });
    return this.queue;
  }

  get awaiting(): boolean {
    return this.awaitingOffer;
  }

  /**
   * No offer came (a newcomer without camera or microphone has nothing to offer): make ours. The
   * browser does not fire negotiationneeded twice for one need, so the one we let pass is acted on.
   */
  stopAwaiting(): void {
    if (!this.awaitingOffer) return;
    this.awaitingOffer = false;
    const needed = this.neededWhileAwaiting;
    this.neededWhileAwaiting = false;
    if (needed && this.pc.signalingState === 'stable' && !this.pc.remoteDescription) void this.offer();
  }

  private async offer(): Promise<void> {
    try {
      this.makingOffer = true;
      await this.describe();
    } catch (e) {
      this.onError(e);
    } finally {
      this.makingOffer = false;
    }
  }

  /** Sets and sends our description; candidates found meanwhile follow it, never precede it. */
  private async describe(): Promise<void> {
    this.describing++;
    try {
      await this.pc.setLocalDescription();
      if (this.pc.localDescription) this.send({ description: toInit(this.pc.localDescription) });
    } finally {
      this.describing--;
      if (this.describing === 0) for (const c of this.outgoing.splice(0)) this.send({ candidate: c });
    }
  }

  /** Handles signals strictly in arrival order (a candidate must not overtake its description). */
  receive(data: SignalData): Promise<void> {
    this.queue = this.queue.then(() => this.handle(data));
    return this.queue;
  }

  private async handle(data: SignalData): Promise<void> {
    const { description, candidate } = data;
    try {
      if (description) {
        const readyForOffer =
          !this.makingOffer && (this.pc.signalingState === 'stable' || this.isSettingRemoteAnswerPending);
        const offerCollision = description.type === 'offer' && !readyForOffer;
        this.ignoreOffer = !this.polite && offerCollision;
        if (this.ignoreOffer) return;
        this.isSettingRemoteAnswerPending = description.type === 'answer';
        await this.pc.setRemoteDescription(description);
        this.isSettingRemoteAnswerPending = false;
        for (const c of this.incoming.splice(0)) await this.pc.addIceCandidate(c).catch(() => {});
        if (description.type === 'offer') {
          await this.describe();
          this.awaitingOffer = false;
          this.neededWhileAwaiting = false;
        }
      } else if (candidate !== undefined) {
        if (!this.pc.remoteDescription) {
          this.incoming.push(candidate);
          return;
        }
        try {
          await this.pc.addIceCandidate(candidate);
        } catch (e) {
          if (!this.ignoreOffer) throw e;
        }
      }
    } catch (e) {
      this.onError(e);
    }
  }
}

function toInit(d: RTCSessionDescriptionInit): RTCSessionDescriptionInit {
  return { type: d.type, sdp: d.sdp ?? '' };
}
