import {
  CLOSE_FLOOD,
  CLOSE_NODE_STOPPING,
  CLOSE_SESSION_ENDED,
  PROTOCOL_VERSION,
  parseServerMessage,
  type ClientMessage,
  type JoinedMessage,
  type ServerMessage,
} from './messages';

export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export interface SignalingOptions {
  url: string;
  roomId: string;
  /** The WebSocket constructor; tests pass a fake. */
  WebSocketImpl?: new (url: string) => WebSocket;
  pingIntervalMs?: number;
  /** Delay before reconnect attempt n (0-based). */
  backoff?: (attempt: number, closeCode: number) => number;
  requestTimeoutMs?: number;
}

type Listener = (m: ServerMessage) => void;

export function defaultBackoff(attempt: number, closeCode: number): number {
  if (closeCode === CLOSE_NODE_STOPPING && attempt === 0) return 100 + Math.random() * 400;
  const base = closeCode === CLOSE_FLOOD ? 2000 : 250;
  return Math.min(base * 2 ** attempt, 8000) * (0.75 + Math.random() * 0.5);
}

/**
 * One signaling socket for one room: joins, answers requests by id, keeps the socket alive with
 * pings and, when it drops (network, node stopping with 1012), reconnects with backoff and joins
 * again with the resume token so the peer keeps its id.
 */
export class SignalingClient {
  state: ConnectionState = 'connecting';
  peerId: string | null = null;
  private ws: WebSocket | null = null;
  private resumeToken: string | undefined;
  private attempt = 0;
  private nextId = 1;
  private left = false;
  private pingTimer: ReturnType<typeof setInterval> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly stateListeners = new Set<(s: ConnectionState) => void>();
  private readonly pending = new Map<string, { resolve: (m: ServerMessage) => void; reject: (e: Error) => void }>();
  private readonly opts: Required<SignalingOptions>;

  constructor(options: SignalingOptions) {
    // An option given as undefined takes the default too (a spread would keep the undefined).
    this.opts = {
      ...options,
      WebSocketImpl: options.WebSocketImpl ?? WebSocket,
      pingIntervalMs: options.pingIntervalMs ?? 10_000,
      backoff: options.backoff ?? defaultBackoff,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    };
  }

  connect(): void {
    this.left = false;
    this.open();
  }

  on(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onState(listener: (s: ConnectionState) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Sends without waiting; dropped while disconnected (the call state is re-sent on join). */
  send(message: ClientMessage): boolean {
    if (!this.ws || this.ws.readyState !== 1) return false;
    this.ws.send(JSON.stringify(message));
    return true;
  }

  /** Sends with an id and resolves with the answer carrying it (rejects on `error`). */
  request(message: ClientMessage): Promise<ServerMessage> {
    const id = `r${this.nextId++}`;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`no answer to ${message.type}`));
      }, this.opts.requestTimeoutMs);
      this.pending.set(id, {
        resolve: (m) => (clearTimeout(timer), resolve(m)),
        reject: (e) => (clearTimeout(timer), reject(e)),
      });
      if (!this.send({ ...message, id })) {
        this.pending.delete(id);
        clearTimeout(timer);
        reject(new Error('not connected'));
      }
    });
  }

  /** The server's clock now (epoch ms), for sync/clock; rejects when not connected or unanswered. */
  async time(): Promise<number> {
    const m = await this.request({ type: 'time' });
    if (m.type !== 'time' || typeof m.serverTime !== 'number') throw new Error('bad time answer');
    return m.serverTime;
  }

  /** Leaves the room for good: no reconnect. */
  leave(): void {
    this.left = true;
    this.send({ type: 'leave' });
    this.shutdown();
  }

  private open(): void {
    this.setState(this.attempt === 0 && !this.peerId ? 'connecting' : 'reconnecting');
    const ws = new this.opts.WebSocketImpl(this.opts.url);
    this.ws = ws;
    ws.onopen = () => {
      const join: ClientMessage = { type: 'join', roomId: this.opts.roomId, protocol: PROTOCOL_VERSION, id: 'join' };
      if (this.resumeToken) join.resumeToken = this.resumeToken;
      ws.send(JSON.stringify(join));
      clearInterval(this.pingTimer);
      this.pingTimer = setInterval(() => this.send({ type: 'ping' }), this.opts.pingIntervalMs);
    };
    ws.onmessage = (e: MessageEvent) => {
      if (typeof e.data !== 'string') return;
      const m = parseServerMessage(e.data);
      if (m) this.receive(m);
    };
    ws.onclose = (e: CloseEvent) => {
      if (this.ws !== ws) return;
      clearInterval(this.pingTimer);
      this.ws = null;
      for (const p of this.pending.values()) p.reject(new Error('connection closed'));
      this.pending.clear();
      if (this.left || this.state === 'closed') return;
      // A reconnect would be refused: the session is gone until the person signs in again.
      if (e.code === CLOSE_SESSION_ENDED) {
        this.left = true;
        this.setState('closed');
        return;
      }
      const delay = this.opts.backoff(this.attempt++, e.code);
      this.setState('reconnecting');
      this.retryTimer = setTimeout(() => this.open(), delay);
    };
  }

  private receive(m: ServerMessage): void {
    if (m.type === 'joined') {
      this.attempt = 0;
      this.peerId = m.peerId;
      this.resumeToken = (m as JoinedMessage).resumeToken;
      this.setState('open');
    }
    // A server that does not speak this page's protocol refuses every join alike: stop, rather
    // than sit joined to nothing; reloading the page gets the server's own client.
    if (m.type === 'kicked' || (m.type === 'error' && m.code === 'unsupported_protocol' && m.id === 'join')) {
      this.left = true;
      this.shutdown();
    }
    if (m.id !== undefined && m.id !== null) {
      const p = this.pending.get(String(m.id));
      if (p) {
        this.pending.delete(String(m.id));
        if (m.type === 'error') p.reject(new Error(m.message));
        else p.resolve(m);
      }
    }
    for (const l of [...this.listeners]) l(m);
  }

  private shutdown(): void {
    clearInterval(this.pingTimer);
    clearTimeout(this.retryTimer);
    const ws = this.ws;
    this.ws = null;
    this.setState('closed');
    ws?.close(1000);
  }

  private setState(s: ConnectionState): void {
    if (this.state === s) return;
    this.state = s;
    for (const l of [...this.stateListeners]) l(s);
  }
}

/** The page's socket address: same origin, ws or wss. */
export function socketUrl(location: Location): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}
