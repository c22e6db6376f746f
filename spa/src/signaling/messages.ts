/** The signaling protocol's messages, as docs/signaling-protocol.md describes them (messages.test.ts checks the two agree). */

/** The protocol's major version this client speaks, sent in `join`. */
export const PROTOCOL_VERSION = 2;

export interface MediaState {
  audio: boolean;
  video: boolean;
  screen: boolean;
}

export interface PeerInfo {
  peerId: string;
  userId: string;
  displayName: string;
  role: 'host' | 'guest' | (string & {});
  state: MediaState;
}

/** What a stream of ours is: the receiver files it by this, not by the order its tracks arrive in. */
export type StreamLabel = 'camera' | 'screen';

export interface SignalData {
  description?: RTCSessionDescriptionInit;
  candidate?: RTCIceCandidateInit | null;
  /** With a description (protocol 2): each of the sender's stream ids (the SDP's msid) and what it is. */
  streams?: Record<string, StreamLabel>;
}

export type MessageId = string | number;

export type CandidateType = 'host' | 'srflx' | 'relay';

/** One peer connection's figures in `call-stats`, over `intervalMs` (see rtc/call-stats for how each is read). */
export interface CallStatsConnection {
  /** How media flows: `relay` when either end uses TURN; a peer-reflexive address counts as `srflx`. */
  candidate: CandidateType;
  intervalMs: number;
  rttMs: number | null;
  /** The worst incoming stream's. */
  jitterMs: number | null;
  /** Incoming packets lost in the interval, of those expected; null when none were expected. */
  lossPercent: number | null;
  sendKbps: number;
  recvKbps: number;
  framesDecoded: number;
  freezeMs: number | null;
}

/** A browser's call-quality summary for operators' metrics: about every 10 s, never more than one per 5 s. */
export interface CallStatsMessage {
  type: 'call-stats';
  id?: MessageId;
  connections: CallStatsConnection[];
}

/** What a browser says of its own recordings (never `saved`: only the server says that). */
export type StatusWord = 'recording' | 'uploading' | 'failed' | 'idle';

/** Round trip, loss and send rate of this browser's call (its own getStats), each null when unknown. */
export interface CallQuality {
  rttMs: number | null;
  lossPercent: number | null;
  sendKbps: number | null;
}

export interface RecordingStatus {
  state: StatusWord;
  /** Recorded bytes not yet in the store, every take of this browser together. */
  pendingBytes: number;
  /** What this browser records, e.g. `1080p30 · 48 kHz lossless`; null when nothing. */
  format: string | null;
  quality: CallQuality | null;
}

/** A track as the server's records have it (as in GET /api/rooms/{id}/takes). */
export interface TrackRecord {
  recordingId: string;
  takeId: string;
  userId: string;
  displayName: string | null;
  kind: string;
  state: 'uploading' | 'complete' | 'aborted' | (string & {});
  size?: number | null;
}

export type ClientMessage = { id?: MessageId } & (
  | { type: 'join'; roomId: string; resumeToken?: string; protocol?: number }
  | { type: 'signal'; to: string; data: SignalData }
  | ({ type: 'state' } & MediaState)
  | { type: 'chat'; text: string }
  | { type: 'record-start' }
  | { type: 'record-stop' }
  | { type: 'kick'; peerId: string }
  | { type: 'leave' }
  | { type: 'ping' }
  | { type: 'time' }
  | CallStatsMessage
  | ({ type: 'recording-status' } & RecordingStatus)
);

export interface RunningTake {
  takeId: string;
  startedAt: string;
  /** The server-clock instant every recorder starts at: the end of the countdown (absent from older servers). */
  startAt?: string;
}

export type ServerMessage = { id?: MessageId } & (
  | {
      type: 'joined';
      peerId: string;
      roomId: string;
      peers: PeerInfo[];
      iceServers: RTCIceServer[];
      recording: RunningTake | null;
      resumeToken?: string;
    }
  | { type: 'peer-joined'; peer: PeerInfo }
  | { type: 'peer-left'; peerId: string }
  | { type: 'signal'; from: string; data: SignalData }
  | { type: 'peer-state'; peerId: string; state: MediaState }
  | { type: 'chat'; from: string; displayName: string; text: string; at: string }
  | { type: 'record-started'; takeId: string; startedAt: string; startAt?: string }
  | { type: 'record-stopped'; takeId: string }
  | { type: 'kicked' }
  | { type: 'pong' }
  /** The answer to `time`: the server's clock, epoch milliseconds (fractional). */
  | { type: 'time'; serverTime: number }
  | { type: 'error'; code: string; message: string }
  /** Hosts only: one participant's recording-status, attributed by the server. */
  | { type: 'peer-status'; peerId: string; userId: string; displayName: string; status: RecordingStatus; at: string }
  /** Hosts only: a track created or complete in the store, from the server's own records. */
  | { type: 'track-status'; track: TrackRecord }
);

export type JoinedMessage = Extract<ServerMessage, { type: 'joined' }>;

/** Every `type` a client sends, at run time (the document's check reads it); the compiler keeps it equal to ClientMessage's. */
export const CLIENT_MESSAGE_TYPES = [
  'join', 'signal', 'state', 'chat', 'record-start', 'record-stop', 'kick', 'leave', 'ping', 'time', 'call-stats',
  'recording-status',
] as const satisfies readonly ClientMessage['type'][];

/** Every `type` the server sends, likewise. */
export const SERVER_MESSAGE_TYPES = [
  'joined', 'peer-joined', 'peer-left', 'signal', 'peer-state', 'chat', 'record-started', 'record-stopped', 'kicked',
  'pong', 'time', 'error', 'peer-status', 'track-status',
] as const satisfies readonly ServerMessage['type'][];

/** Fails to compile when a union member is missing from its list above. */
type Missing<Union, Listed> = [Exclude<Union, Listed>] extends [never] ? true : Exclude<Union, Listed>;
export const everyClientTypeListed: Missing<ClientMessage['type'], (typeof CLIENT_MESSAGE_TYPES)[number]> = true;
export const everyServerTypeListed: Missing<ServerMessage['type'], (typeof SERVER_MESSAGE_TYPES)[number]> = true;

/** Parses one text frame; null when it is not a message this client knows. */
export function parseServerMessage(text: string): ServerMessage | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const type = (value as { type?: unknown }).type;
  return typeof type === 'string' ? (value as ServerMessage) : null;
}

/** Close codes the server uses (see the protocol's table). */
export const CLOSE_KICKED = 1000;
export const CLOSE_NODE_STOPPING = 1012;
export const CLOSE_FLOOD = 1008;
/** The session ended (signed out, in this tab or another, or removed from the room). */
export const CLOSE_SESSION_ENDED = 4002;
