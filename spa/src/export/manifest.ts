/**
 * The take's manifest as the ZIP needs it, read defensively: the sync work adds fields
 * (`driftPpm`, `sampleRate`, `clockOffsetMs`…) and older takes lack them, so every number is
 * optional and an absent one means "nothing to correct".
 */

/** Silence a lossless track put in for input the browser lost: where on its own time line, how long (ms). */
export interface Fill {
  atMs: number;
  ms: number;
}

export interface ManifestTrack {
  recordingId: string;
  /** Whose recording it is: a person's camera and lossless track share it. */
  userId: string;
  displayName: string;
  kind: string;
  mimeType: string;
  state: string;
  offsetMs: number;
  durationMs: number | null;
  size: number | null;
  sampleRate: number | null;
  driftPpm: number;
  /** Audio: where silence went in for lost input (the person's camera lacks that time); empty where none is known. */
  fills: Fill[];
}

export interface TakeManifest {
  takeId: string;
  roomId: string;
  startedAt: string;
  tracks: ManifestTrack[];
  /** The manifest exactly as the server sent it: it goes into the ZIP unchanged. */
  raw: unknown;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const str = (v: unknown, fallback: string): string => (typeof v === 'string' && v !== '' ? v : fallback);

export function readManifest(raw: unknown): TakeManifest {
  const m = (raw ?? {}) as Record<string, unknown>;
  const tracks = Array.isArray(m.tracks) ? (m.tracks as Record<string, unknown>[]) : [];
  return {
    takeId: str(m.takeId, 'take'),
    roomId: str(m.roomId, ''),
    startedAt: str(m.startedAt, ''),
    raw,
    tracks: tracks
      .filter((t) => typeof t.recordingId === 'string' || typeof t.id === 'string')
      .map((t) => ({
        recordingId: str(t.recordingId, str(t.id, '')),
        userId: str(t.userId, ''),
        displayName: str(t.displayName, 'participant'),
        kind: str(t.kind, 'track'),
        mimeType: str(t.mimeType, 'application/octet-stream'),
        state: str(t.state, ''),
        offsetMs: num(t.offsetMs) ?? 0,
        durationMs: num(t.durationMs),
        size: num(t.size),
        sampleRate: num(t.sampleRate),
        driftPpm: num(t.driftPpm) ?? 0,
        fills: readFills(t.fills),
      })),
  };
}

/** Fills in order, each a positive length at a place on the track; anything else is left out. */
function readFills(v: unknown): Fill[] {
  if (!Array.isArray(v)) return [];
  return v
    .map((f) => ({ atMs: num((f as Record<string, unknown>)?.atMs), ms: num((f as Record<string, unknown>)?.ms) }))
    .filter((f): f is Fill => f.atMs !== null && f.ms !== null && f.atMs >= 0 && f.ms > 0)
    .sort((a, b) => a.atMs - b.atMs);
}

/** Only complete tracks go into the ZIP: an upload still running has no object to read yet. */
export const completeTracks = (m: TakeManifest) => m.tracks.filter((t) => t.state === 'complete');
