import type { StreamLabel } from '../signaling/messages';

/** More than a peer connection ever carries (a camera and a screen); a longer list is not ours. */
const MAX_STREAMS = 8;
/** A stream id (the SDP's msid) is a UUID or similar; a longer key is not one. */
const MAX_ID_CHARS = 256;

/** Our streams as `data.streams` names them, sent with every description. */
export function labelStreams(camera: MediaStream, screen: MediaStream | null): Record<string, StreamLabel> {
  const streams: Record<string, StreamLabel> = { [camera.id]: 'camera' };
  if (screen) streams[screen.id] = 'screen';
  return streams;
}

/**
 * The labels in a received signal's `data.streams`, or none at all when anything of it is off:
 * the server relays data untouched, so this is where a malformed or hostile list is caught, and
 * a signal without labels (an older client) falls back to arrival order.
 */
export function readStreamLabels(value: unknown): Map<string, StreamLabel> | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 0 || entries.length > MAX_STREAMS) return null;
  const labels = new Map<string, StreamLabel>();
  for (const [id, label] of entries) {
    if (id.length === 0 || id.length > MAX_ID_CHARS || (label !== 'camera' && label !== 'screen')) return null;
    labels.set(id, label);
  }
  return labels;
}
