import { CallTelemetry } from '../rtc/call-telemetry';
import { Mesh, type RemotePeer } from '../rtc/mesh';
import { SignalingClient, socketUrl, type ConnectionState } from '../signaling/client';
import type { MediaState, RunningTake, ServerMessage } from '../signaling/messages';
import type { PcmTapPort } from '../recording/lossless';
import type { Recorder } from '../recording/recorder';
import type { RecordingService } from '../recording/service';
import { ClockSync, ServerClock } from '../sync/clock';
import { AudioReference } from '../sync/audio-reference';
import { exposeToTests } from '../test-hooks';
import type { Placement } from '../sync/placement';
import { HostBoard } from '../board/host-board';
import { StatusReporter } from '../board/reporter';
import type { Take } from '../api/types';
import { yieldUploadsToCall } from './upload-yield';

/** How long a start waits for a first clock estimate before starting unsynced. */
const CLOCK_WAIT_MS = 2000;

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
  placement: Placement;
  camera: Recorder | null;
  screen: Recorder | null;
  audio: Recorder | null;
}

/** The microphone opened for the lossless track (recording/pcm-source's PcmSource). */
export interface LosslessTaps {
  /** A tap that starts itself at a page-clock instant (undefined: at once), however busy the page then is. */
  scheduled(startsAtLocal: number | undefined): PcmTapPort;
  close(): void;
}

/** Where a call meets the network; tests pass fakes. */
export interface CallIo {
  url?: string;
  /** The room's takes (GET /api/rooms/{id}/takes), for the host's board. */
  listTakes?: () => Promise<Take[]>;
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
  /** Call quality for operators' metrics, over the signaling socket. */
  private readonly telemetry: CallTelemetry;
  private readonly listeners = new Set<() => void>();
  private recorders: RecorderSlot | null = null;
  private countdownTimer: ReturnType<typeof setInterval> | undefined;
  private chatSerial = 0;
  private readonly stopYielding: () => void;
  /** This browser's estimate of the server's clock: every recorder starts and is placed on it. */
  readonly clock: ClockSync;
  /** The host's board (filled only for hosts: only they receive it) and this browser's reports to it. */
  readonly board: HostBoard;
  readonly reporter: StatusReporter;
  snap: CallSnapshot;

  constructor(
    readonly roomId: string,
    readonly local: MediaStream,
    private readonly me: { displayName: string },
    private readonly recording: Promise<Pick<RecordingService, 'record' | 'recordLossless' | 'stop'> & Partial<Pick<RecordingService, 'pacer'>>>,
    io: CallIo = {},
    private readonly lossless: LosslessTaps | null = null,
  ) {
    this.snap = {
      connection: 'connecting', peerId: null, peers: [], recording: null, countdown: 0, chat: [], screen: null, kicked: false, error: null,
      media: { audio: local.getAudioTracks().some((t) => t.enabled), video: local.getVideoTracks().some((t) => t.enabled), screen: false },
    };
    this.signaling = new SignalingClient({ url: io.url ?? socketUrl(window.location), roomId, WebSocketImpl: io.WebSocketImpl });
    const now = () => performance.now();
    this.clock = new ClockSync(new ServerClock(now, performance.timeOrigin), () => this.signaling.time(), now);
    exposeToTests({ clock: () => this.clock.clock.estimate() });
    this.mesh = new Mesh(local, (to, data) => this.signaling.send({ type: 'signal', to, data }), io.createConnection);
    this.mesh.onChange(() => this.update({ peers: this.mesh.list() }));
    this.telemetry = new CallTelemetry(() => this.mesh.connections(), (m) => this.signaling.send(m));
    this.telemetry.start();
    this.stopYielding = yieldUploadsToCall(() => this.mesh.connections(), recording.then((r) => r.pacer, () => undefined), () => this.recorders !== null);
    this.signaling.onState((connection) => this.update({ connection }));
    this.board = new HostBoard(io.listTakes ?? (async () => []));
    this.reporter = new StatusReporter({ send: (m) => this.signaling.send(m), stats: () => Promise.all(this.mesh.connections().map((pc) => pc.getStats().then((r) => [...r.values()]))) });
    this.signaling.onState((s) => this.reporter.setOnline(s === 'open'));
    this.signaling.on((m) => this.receive(m));
    // After the call's own handling, which nothing on the board may hold up.
    this.signaling.on((m) => this.board.receive(m));
    // Closing the tab: the host hears at once what is still to upload, not after the resume grace.
    if (typeof window !== 'undefined') window.addEventListener('pagehide', this.pageHidden);
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
      await this.attach(slot, 'screen', svc.record(screen, { roomId: this.roomId, takeId: slot.takeId, kind: 'screen', label: this.me.displayName }, slot.placement));
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
    this.reporter.flush();
    this.signaling.leave();
    this.close();
    await this.stopRecorders();
  }

  private readonly pageHidden = (): void => {
    this.reporter.flush();
    this.signaling.leave();
  };

  close(): void {
    if (typeof window !== 'undefined') window.removeEventListener('pagehide', this.pageHidden);
    this.reporter.close();
    this.clock.stop();
    this.telemetry.stop();
    this.stopYielding();
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
        // Every (re)join samples the clock afresh: a new socket may reach another node.
        this.clock.start();
        if (m.recording) void this.startRecorders(m.recording.takeId, m.recording.startAt, false);
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
        this.update({ recording: { takeId: m.takeId, startedAt: m.startedAt, startAt: m.startAt } });
        void this.startRecorders(m.takeId, m.startAt, true);
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
  /**
   * `startAt` (server clock) is when the take's recorders start: `record-started` announces it at
   * the countdown's start; a `joined` into a running take carries it in the past, so that
   * participant starts at once. Without one (an older server): start at once, and on
   * `record-started` show a 3 s countdown alone, as before.
   */
  private async startRecorders(takeId: string, startAt: string | undefined, announced: boolean): Promise<void> {
    if (this.recorders?.takeId === takeId) return;
    const previous = this.recorders;
    const startsAt = this.startInstant(startAt);
    const gate = startsAt.then(async (local) => {
      const wait = local === null ? 0 : local - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    });
    // With a lossless track, the camera file is placed by its sound against it (camera-sound.ts).
    const reference = this.lossless ? new AudioReference() : undefined;
    const slot: RecorderSlot = { takeId, placement: { sync: this.clock, gate, startsAt, reference }, camera: null, screen: null, audio: null };
    this.recorders = slot;
    if (startAt || announced) this.startCountdown(startAt, gate);
    try {
      const svc = await this.recording;
      await this.stopSlot(previous);
      const fields = { roomId: this.roomId, takeId, label: this.me.displayName };
      const lossless = this.lossless;
      // Without a camera (the lobby opened the microphone alone) the lossless track is the
      // recording; the call's processed microphone is recorded only where there is none.
      const camera = this.hasCamera || !lossless;
      await Promise.all([
        camera ? this.attach(slot, 'camera', svc.record(this.local, { ...fields, kind: 'camera' }, slot.placement)) : null,
        // The lossless source starts itself on time: it is given the instant.
        lossless ? this.attach(slot, 'audio', svc.recordLossless(lossless, fields, slot.placement)) : null,
      ]);
      if (this.snap.screen && this.recorders === slot) {
        await this.attach(slot, 'screen', svc.record(this.snap.screen, { ...fields, kind: 'screen' }, slot.placement));
      }
    } catch (e) {
      this.update({ error: `Recording could not start: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /** Whether this person joined with a camera (the lobby opens the microphone alone where it cannot). */
  get hasCamera(): boolean {
    return this.local.getVideoTracks().length > 0;
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

  /** `startAt` on this browser's estimate of the server's clock, as a page-clock instant; null: start at once. */
  private async startInstant(startAt: string | undefined): Promise<number | null> {
    const serverMs = startAt ? Date.parse(startAt) : NaN;
    if (!Number.isFinite(serverMs)) return null;
    await Promise.race([this.clock.ready(), new Promise((r) => setTimeout(r, CLOCK_WAIT_MS))]);
    return this.clock.clock.toLocal(serverMs);
  }

  /** The countdown everyone sees ends when the recorders start: at `startAt`, or after 3 s without one. */
  private startCountdown(startAt: string | undefined, gate: Promise<void>): void {
    clearInterval(this.countdownTimer);
    const serverMs = startAt ? Date.parse(startAt) : NaN;
    const fallbackEnd = performance.now() + 3000;
    const left = () => {
      const local = Number.isFinite(serverMs) ? this.clock.clock.toLocal(serverMs) : fallbackEnd;
      return local === null ? 3 : Math.max(0, Math.ceil((local - performance.now()) / 1000));
    };
    if (Number.isFinite(serverMs) && left() === 0 && this.clock.clock.estimate()) return;
    this.update({ countdown: left() });
    this.countdownTimer = setInterval(() => {
      const next = left();
      if (next !== this.snap.countdown) this.update({ countdown: next });
      if (next <= 0) clearInterval(this.countdownTimer);
    }, 100);
    // The count reaches 0 exactly when the recorders are let go.
    void gate.then(() => {
      if (Number.isFinite(serverMs)) {
        clearInterval(this.countdownTimer);
        if (this.snap.countdown !== 0) this.update({ countdown: 0 });
      }
    });
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
