/** Shapes the HTTP API answers with (see shared CONTRACT.md). */

export type Role = 'user' | 'guest' | (string & {});

export interface User {
  id: string;
  email: string | null;
  displayName: string;
  role: Role;
}

export interface Room {
  id: string;
  name: string;
  ownerId: string;
  /** Only the room's host (its owner) is sent the code. */
  inviteCode?: string;
  createdAt: string;
  /** The host's choice for everyone's camera: the camera's best up to this. */
  videoQuality?: VideoQuality;
}

export type VideoQuality = '720p' | '1080p' | '2160p';

export interface SignupRequest {
  email: string;
  password: string;
  displayName: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

export interface JoinRequest {
  displayName: string;
}

export type RecordingKind = 'camera' | 'screen' | 'audio';

export interface Recording {
  id: string;
  roomId: string;
  takeId: string;
  userId: string;
  displayName: string;
  kind: RecordingKind;
  mimeType: string;
  state: 'uploading' | 'complete' | 'aborted' | (string & {});
  size: number | null;
  createdAt: string;
  completedAt: string | null;
}

/** A part to sign a URL for: the URL takes exactly `size` bytes (the store refuses any other length). */
export interface PartRequest {
  partNumber: number;
  size: number;
}

export interface PartUrl {
  partNumber: number;
  size: number;
  url: string;
  expiresAt: string;
}

export interface StoredPart {
  partNumber: number;
  etag: string;
  size: number;
}

export interface TakeTrack {
  recordingId: string;
  userId: string;
  displayName: string;
  kind: RecordingKind;
  state: string;
  offsetMs: number | null;
  /** Still uploading well after its take stopped, with nothing heard from its browser since: only that browser can finish it. */
  stranded?: boolean;
  mimeType?: string;
  /** Bytes in the store, once complete. */
  size?: number | null;
  durationMs?: number | null;
  /** Lossless audio's nominal rate, when its recorder said. */
  sampleRate?: number | null;
}

export interface Take {
  id: string;
  /** The host's name for it; null until renamed (shown as "Take N"). */
  name?: string | null;
  /** N in "Take N": counted over all the room's takes, deleted ones too, so it never shifts. */
  number?: number;
  startedAt: string;
  /** When every recorder started (after the countdown). */
  startAt?: string;
  stoppedAt: string | null;
  /** Deleted, but some track's bytes are still in the store (it was down): Delete take again finishes it. */
  deleting?: boolean;
  tracks: TakeTrack[];
}
