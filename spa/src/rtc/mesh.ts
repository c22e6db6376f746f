import { capCallVideo } from './send-cap';
import type { PeerInfo, SignalData, StreamLabel } from '../signaling/messages';
import { Negotiator, isPolite } from './negotiation';
import { readQuality, type NetworkQuality } from './quality';
import { isFromNewConnection } from './sdp';
import { labelStreams, readStreamLabels } from './stream-labels';

export interface RemotePeer {
  info: PeerInfo;
  camera: MediaStream | null;
  screen: MediaStream | null;
  connection: RTCPeerConnectionState;
  quality: NetworkQuality;
}

interface Entry {
  pc: RTCPeerConnection;
  negotiator: Negotiator;
  remote: RemotePeer;
  screenSenders: RTCRtpSender[];
  totals: { lost: number; received: number };
  /** Since when the connection has been waiting to come up (for the watchdog). */
  waitingSince: number;
  /** ICE restarts tried since the connection was last up. */
  restarts: number;
  everConnected: boolean;
  /** What the other side said its streams are (protocol 2), by stream id; empty for an older client. */
  labels: Map<string, StreamLabel>;
}

/** A connection not up this long after it was made (or last recovered) starts negotiation over. */
export const RECOVER_AFTER_MS = 8000;
/** How long a peer already in the room waits for the newcomer's opening offer before making its own. */
export const AWAIT_OFFER_MS = 3000;
/** Signals from a peer we have not heard join yet wait this long for its peer-joined. */
export const EARLY_SIGNAL_MS = 10_000;
const EARLY_SIGNALS_PER_PEER = 200;

/** Who opens negotiation on a new connection: the newcomer offers, the peer already there answers. */
type Opening = 'offer' | 'await';

/**
 * A full mesh: one RTCPeerConnection per other participant. Local camera tracks go to every peer;
 * a screen share is added as its own stream (a renegotiation, the call stays up).
 */
export class Mesh {
  private readonly peers = new Map<string, Entry>();
  private iceServers: RTCIceServer[] = [];
  private screen: MediaStream | null = null;
  private readonly listeners = new Set<() => void>();
  private statsTimer: ReturnType<typeof setInterval> | undefined;
  private myPeerId = '';
  /** Signals that overtook their sender's peer-joined (different event-bus routes). */
  private readonly early = new Map<string, { since: number; signals: SignalData[] }>();

  constructor(
    private local: MediaStream,
    private readonly sendSignal: (to: string, data: SignalData) => void,
    private readonly createConnection: (config: RTCConfiguration) => RTCPeerConnection = (c) => new RTCPeerConnection(c),
    private readonly now: () => number = () => Date.now(),
  ) {
    this.statsTimer = setInterval(() => {
      this.recoverStuck();
      void this.sampleQuality();
    }, 2000);
  }

  /**
   * Connections that are not up in time negotiate again. An ICE restart suffices for a lost offer
   * or a changed network; a connection that never came up, or did not after a restart, may be one
   * whose ICE agent is wedged (no candidates at all), so the impolite side replaces it and the
   * polite side follows when it sees the new connection's offer.
   */
  recoverStuck(): void {
    const now = this.now();
    for (const e of [...this.peers.values()]) {
      if (e.negotiator.awaiting && now - e.waitingSince >= AWAIT_OFFER_MS) e.negotiator.stopAwaiting();
      if (e.pc.connectionState === 'connected') {
        e.waitingSince = now;
        e.restarts = 0;
        e.everConnected = true;
      } else if (now - e.waitingSince >= RECOVER_AFTER_MS) {
        e.waitingSince = now;
        const impolite = !isPolite(this.myPeerId, e.remote.info.peerId);
        if (impolite && (!e.everConnected || e.restarts > 0)) {
          this.connect(e.remote.info, 'offer');
        } else {
          e.restarts++;
          void e.negotiator.recover();
        }
      }
    }
  }

  onChange(l: () => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** The peer connections as they are now, for reading their stats (the host's board, call telemetry, upload pacing). */
  connections(): RTCPeerConnection[] {
    return [...this.peers.values()].map((e) => e.pc);
  }

  list(): RemotePeer[] {
    return [...this.peers.values()].map((e) => e.remote);
  }

  /**
   * After every `joined`. A resumed session (same peer id) keeps the connections to peers still in
   * the room, since the others never saw us leave and renegotiating would drop the call for nothing;
   * a new peer id means the others see a newcomer, so every connection starts over.
   */
  reset(myPeerId: string, iceServers: RTCIceServer[], peers: PeerInfo[]): void {
    const resumed = myPeerId === this.myPeerId;
    this.myPeerId = myPeerId;
    this.iceServers = iceServers;
    const present = new Set(peers.map((p) => p.peerId));
    for (const id of [...this.peers.keys()]) {
      if (!resumed || !present.has(id)) this.remove(id);
    }
    for (const p of peers) {
      const kept = this.peers.get(p.peerId);
      if (kept) kept.remote.info = p;
      else this.connect(p, 'offer');
    }
    this.changed();
  }

  /** A peer-joined: the newcomer will send the opening offer. */
  add(info: PeerInfo): void {
    this.connect(info, 'await');
  }

  private connect(info: PeerInfo, opening: Opening): Entry {
    const early = this.early.get(info.peerId);
    this.remove(info.peerId);
    const pc = this.createConnection({ iceServers: this.iceServers });
    const remote: RemotePeer = { info, camera: null, screen: null, connection: 'new', quality: 'unknown' };
    const negotiator = new Negotiator(pc, isPolite(this.myPeerId, info.peerId), (d) => this.sendSignal(info.peerId, this.labelled(d)), {
      awaitOffer: opening === 'await',
    });
    const entry: Entry = {
      pc,
      negotiator,
      remote,
      screenSenders: [],
      totals: { lost: 0, received: 0 },
      waitingSince: this.now(),
      restarts: 0,
      everConnected: false,
      labels: new Map(),
    };
    pc.ontrack = ({ streams }) => {
      const stream = streams[0];
      if (!stream) return;
      const label = entry.labels.get(stream.id);
      // Unlabelled (an older client): the first stream to arrive is taken for the camera.
      if (label === 'camera' || (!label && (!remote.camera || remote.camera.id === stream.id))) {
        remote.camera = stream;
        if (remote.screen === stream) remote.screen = null;
      } else {
        remote.screen = stream;
        if (remote.camera === stream) remote.camera = null;
      }
      stream.onremovetrack = () => {
        if (stream.getTracks().length === 0 && remote.screen === stream) remote.screen = null;
        this.changed();
      };
      this.changed();
    };
    const cameraSenders: RTCRtpSender[] = [];
    pc.onconnectionstatechange = () => {
      remote.connection = pc.connectionState;
      // Negotiated by now: the senders have encodings the cap can set.
      if (pc.connectionState === 'connected') for (const s of cameraSenders) void capCallVideo(s);
      this.changed();
    };
    for (const t of this.local.getTracks()) {
      const sender = pc.addTrack(t, this.local);
      if (sender) cameraSenders.push(sender);
    }
    if (this.screen) for (const t of this.screen.getTracks()) entry.screenSenders.push(pc.addTrack(t, this.screen));
    this.peers.set(info.peerId, entry);
    this.changed();
    for (const d of early?.signals ?? []) this.signal(info.peerId, d);
    return entry;
  }

  remove(peerId: string): void {
    this.early.delete(peerId);
    const e = this.peers.get(peerId);
    if (!e) return;
    e.pc.close();
    this.peers.delete(peerId);
    this.changed();
  }

  updateState(peerId: string, state: PeerInfo['state']): void {
    const e = this.peers.get(peerId);
    if (e) {
      e.remote.info = { ...e.remote.info, state };
      this.changed();
    }
  }

  signal(from: string, data: SignalData): void {
    let e = this.peers.get(from);
    if (!e) {
      this.keepEarly(from, data);
      return;
    }
    if (isFromNewConnection(data.description, e.pc.remoteDescription)) {
      e = this.connect(e.remote.info, 'await');
    }
    // Before the description is applied: its tracks arrive (ontrack) while it is.
    const labels = data.description ? readStreamLabels(data.streams) : null;
    if (labels) for (const [id, label] of labels) e.labels.set(id, label);
    void e.negotiator.receive(data);
  }

  /** Our descriptions say which of our streams is which. */
  private labelled(d: SignalData): SignalData {
    return d.description ? { ...d, streams: labelStreams(this.local, this.screen) } : d;
  }

  private keepEarly(from: string, data: SignalData): void {
    const now = this.now();
    for (const [id, k] of this.early) if (now - k.since > EARLY_SIGNAL_MS) this.early.delete(id);
    const kept = this.early.get(from) ?? { since: now, signals: [] };
    if (kept.signals.length < EARLY_SIGNALS_PER_PEER) kept.signals.push(data);
    this.early.set(from, kept);
  }

  setScreen(screen: MediaStream | null): void {
    this.screen = screen;
    for (const e of this.peers.values()) {
      for (const s of e.screenSenders) e.pc.removeTrack(s);
      e.screenSenders = [];
      if (screen) for (const t of screen.getTracks()) e.screenSenders.push(e.pc.addTrack(t, screen));
    }
  }

  close(): void {
    clearInterval(this.statsTimer);
    this.early.clear();
    for (const id of [...this.peers.keys()]) this.remove(id);
  }

  private async sampleQuality(): Promise<void> {
    for (const e of this.peers.values()) {
      if (e.pc.connectionState !== 'connected') continue;
      try {
        const stats = await e.pc.getStats();
        const r = readQuality(stats.values(), e.totals);
        e.totals = r.totals;
        if (r.quality !== e.remote.quality) {
          e.remote.quality = r.quality;
          this.changed();
        }
      } catch {
        // closed meanwhile
      }
    }
  }

  private changed(): void {
    for (const l of [...this.listeners]) l();
  }
}
