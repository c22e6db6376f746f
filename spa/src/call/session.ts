import { Mesh, type RemotePeer } from '../rtc/mesh';
import { SignalingClient, socketUrl, type ConnectionState } from '../signaling/client';
import type { MediaState, RunningTake, ServerMessage } from '../signaling/messages';
import type { PcmTapPort } from '../recording/lossless';
import type { Recorder } from '../recording/recorder';
import type { RecordingService } from '../recording/service';

export interface ChatLine {
  key: string;
  displayName: string;
  text: string;
  at: string;
}

export interface CallSnapshot {
  connection: ConnectionState;
  peerId: string | null;
  peers: RemotePeer[];
  media: MediaState;
  recording: RunningTake | null;
  /** Seconds left of the "we're recording" countdown everyone sees, or 0. */
  countdown: number;
  chat: ChatLine[];
  screen: MediaStream | null;
  kicked: boolean;
  error: string | null;
}

interface RecorderSlot {
  takeId: string;
  camera: Recorder | null;
  screen: Recorder | null;
  audio: Recorder | null;
}

/** The microphone opened for the lossless track (recording/lossless's LosslessSource). */
export interface LosslessTaps {
  tap(): PcmTapPort;
  close(): void;
}

/** Where a call meets the network; tests pass fakes. */
export interface CallIo {
  url?: string;
  WebSocketImpl?: new (url: string) => WebSocket;
  createConnection?: (config: RTCConfiguration) => RTCPeerConnection;
}

/**
 * One person's side of a call: the signaling socket, the peer mesh, and this browser's recorders
 * (which start on `record-started` and stop on `record-stopped`, whoever pressed the button).
 */
export class CallSession {
  private readonly signaling: SignalingClient;
  private readonly mesh: Mesh;
  private readonly listeners = new Set<() => void>();
  private recorders: RecorderSlot | null = null;
  private countdownTimer: ReturnType<typeof setInterval> | undefined;
  private chatSerial = 0;
  snap: CallSnapshot;

  constructor(
    readonly roomId: string,
    readonly local: MediaStream,
    private readonly me: { displayName: string },
    private readonly recording: Promise<Pick<RecordingService, 'record' | 'recordLossless' | 'stop'>>,
    io: CallIo = {},
    private readonly lossless: LosslessTaps | null = null,
  ) {
    this.snap = {
      connection: 'connecting', peerId: null, peers: [], recording: null, countdown: 0, chat: [], screen: null, kicked: false, error: null,
      media: { audio: local.getAudioTracks().some((t) => t.enabled), video: local.getVideoTracks().some((t) => t.enabled), screen: false },
    };
    this.signaling = new SignalingClient({ url: io.url ?? socketUrl(window.location), roomId, WebSocketImpl: io.WebSocketImpl });
    this.mesh = new Mesh(local, (to, data) => this.signaling.send({ type: 'signal', to, data }), io.createConnection);
    this.mesh.onChange(() => this.update({ peers: this.mesh.list() }));
    this.signaling.onState((connection) => this.update({ connection }));
    this.signaling.on((m) => this.receive(m));
    this.signaling.connect();
  }

  subscribe = (l: () => void): (() => void) => {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  };

  getSnapshot = (): CallSnapshot => this.snap;

  setAudio(on: boolean): void {
    for (const t of this.local.getAudioTracks()) t.enabled = on;
    this.sendState({ ...this.snap.media, audio: on });
  }

  setVideo(on: boolean): void {
    for (const t of this.local.getVideoTracks()) t.enabled = on;
    this.sendState({ ...this.snap.media, video: on });
  }

  async shareScreen(): Promise<void> {
    const screen = await navigator.mediaDevices.getDisplayMedia({ video: true, audio: false });
    screen.getVideoTracks()[0]?.addEventListener('ended', () => void this.stopScreen());
    this.mesh.setScreen(screen);
    this.update({ screen });
    this.sendState({ ...this.snap.media, screen: true });
    const slot = this.recorders;
    if (slot && this.snap.recording) {
      const svc = await this.recording;
      await this.attach(slot, 'screen', svc.record(screen, { roomId: this.roomId, takeId: slot.takeId, kind: 'screen', label: this.me.displayName }));
    }
  }

  async stopScreen(): Promise<void> {
    const screen = this.snap.screen;
    if (!screen) return;
    for (const t of screen.getTracks()) t.stop();
    this.mesh.setScreen(null);
    this.update({ screen: null });
    this.sendState({ ...this.snap.media, screen: false });
    const r = this.recorders?.screen;
    if (r && this.recorders) {
      this.recorders.screen = null;
      await (await this.recording).stop(r);
    }
  }

  chat(text: string): Promise<unknown> {
    return this.signaling.request({ type: 'chat', text });
  }

  startRecording(): Promise<unknown> {
    return this.signaling.request({ type: 'record-start' });
  }

  stopRecording(): Promise<unknown> {
    return this.signaling.request({ type: 'record-stop' });
  }

  kick(peerId: string): Promise<unknown> {
    return this.signaling.request({ type: 'kick', peerId });
  }

  async leave(): Promise<void> {
    this.signaling.leave();
    this.close();
    await this.stopRecorders();
  }

  close(): void {
    this.mesh.close();
    clearInterval(this.countdownTimer);
    for (const t of this.local.getTracks()) t.stop();
    for (const t of this.snap.screen?.getTracks() ?? []) t.stop();
    // The lossless recorder drains its tap on stop: the audio graph goes only after that.
    void this.stopRecorders().finally(() => this.lossless?.close());
  }

  private receive(m: ServerMessage): void {
    switch (m.type) {
      case 'joined':
        this.mesh.reset(m.peerId, m.iceServers ?? [], m.peers);
        this.update({ peerId: m.peerId, recording: m.recording });
        this.sendState(this.snap.media);
        if (m.recording) void this.startRecorders(m.recording.takeId, false);
        else void this.stopRecorders();
        break;
      case 'peer-joined':
        this.mesh.add(m.peer);
        break;
      case 'peer-left':
        this.mesh.remove(m.peerId);
        break;
      case 'signal':
        this.mesh.signal(m.from, m.data);
        break;
      case 'peer-state':
        this.mesh.updateState(m.peerId, m.state);
        break;
      case 'chat':
        this.update({ chat: [...this.snap.chat, { key: `c${this.chatSerial++}`, displayName: m.displayName, text: m.text, at: m.at }].slice(-200) });
        break;
      case 'record-started':
        this.update({ recording: { takeId: m.takeId, startedAt: m.startedAt } });
        void this.startRecorders(m.takeId, true);
        break;
      case 'record-stopped':
        this.update({ recording: null, countdown: 0 });
        void this.stopRecorders();
        break;
      case 'kicked':
        this.update({ kicked: true });
        this.close();
        void this.stopRecorders();
        break;
      case 'error':
        if (m.id === undefined) this.update({ error: m.message });
        break;
      default:
        break;
    }
  }

  /**
   * The slot is claimed before anything is awaited: a `joined` carrying the take and that take's
   * `record-started` can arrive back to back, and each must not start its own recorder.
   */
  private async startRecorders(takeId: string, countdown: boolean): Promise<void> {
    if (this.recorders?.takeId === takeId) return;
    const previous = this.recorders;
    const slot: RecorderSlot = { takeId, camera: null, screen: null, audio: null };
    this.recorders = slot;
    if (countdown) this.startCountdown();
    try {
      const svc = await this.recording;
      await this.stopSlot(previous);
      const fields = { roomId: this.roomId, takeId, label: this.me.displayName };
      const lossless = this.lossless;
      await Promise.all([
        this.attach(slot, 'camera', svc.record(this.local, { ...fields, kind: 'camera' })),
        lossless ? this.attach(slot, 'audio', svc.recordLossless(lossless.tap(), fields)) : null,
      ]);
      if (this.snap.screen && this.recorders === slot) {
        await this.attach(slot, 'screen', svc.record(this.snap.screen, { ...fields, kind: 'screen' }));
      }
    } catch (e) {
      this.update({ error: `Recording could not start: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /** Keeps a recorder that finished starting, or stops it at once if its take ended meanwhile. */
  private async attach(slot: RecorderSlot, kind: 'camera' | 'screen' | 'audio', starting: Promise<Recorder>): Promise<void> {
    const r = await starting;
    if (this.recorders === slot) slot[kind] = r;
    else await (await this.recording).stop(r);
  }

  private async stopRecorders(): Promise<void> {
    const slot = this.recorders;
    this.recorders = null;
    await this.stopSlot(slot);
  }

  private async stopSlot(slot: RecorderSlot | null): Promise<void> {
    if (!slot) return;
    const running = [slot.camera, slot.screen, slot.audio].filter((r): r is Recorder => r !== null);
    slot.camera = null;
    slot.screen = null;
    slot.audio = null;
    if (running.length === 0) return;
    const svc = await this.recording;
    await Promise.all(running.map((r) => svc.stop(r)));
  }

  private startCountdown(): void {
    clearInterval(this.countdownTimer);
    this.update({ countdown: 3 });
    this.countdownTimer = setInterval(() => {
      const next = this.snap.countdown - 1;
      this.update({ countdown: Math.max(0, next) });
      if (next <= 0) clearInterval(this.countdownTimer);
    }, 1000);
  }

  private sendState(media: MediaState): void {
    this.update({ media });
    this.signaling.send({ type: 'state', ...media });
  }

  private update(patch: Partial<CallSnapshot>): void {
    this.snap = { ...this.snap, ...patch };
    for (const l of [...this.listeners]) l();
  }
}
