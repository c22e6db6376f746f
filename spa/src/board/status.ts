import type { TrackProgress } from '../recording/upload-progress';
import type { RecordingStatus, StatusWord } from '../signaling/messages';
import { kHz } from '../recording/capture-settings';

/**
 * What this browser says of its recordings: the most urgent word of its tracks and the bytes not
 * yet in the store (IndexedDB's and what it refused, kept in the tab). Never `saved`.
 */
export function ownStatus(uploads: TrackProgress[]): Pick<RecordingStatus, 'state' | 'pendingBytes'> {
  let pendingBytes = 0;
  for (const u of uploads) {
    if (u.state === 'complete') continue;
    pendingBytes += Math.max(0, u.bytesRecorded - u.bytesUploaded) + (u.held?.bytes ?? 0);
  }
  const has = (s: TrackProgress['state']) => uploads.some((u) => u.state === s);
  const state: StatusWord = has('failed') ? 'failed' : has('recording') ? 'recording' : has('uploading') ? 'uploading' : 'idle';
  return { state, pendingBytes };
}

/** `1080p30 · 48 kHz lossless`: the camera as opened for recording and the lossless track's rate; null when neither. */
export function captureFormat(video: MediaTrackSettings | undefined, losslessRate: number | null): string | null {
  const parts: string[] = [];
  if (video?.height) parts.push(`${video.height}p${video.frameRate ? Math.round(video.frameRate) : ''}`);
  if (losslessRate) parts.push(`${kHz(losslessRate)} kHz lossless`);
  return parts.length > 0 ? parts.join(' · ') : null;
}
