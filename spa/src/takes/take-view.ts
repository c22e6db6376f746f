import type { Take, TakeTrack } from '../api/types';

/**
 * What the dashboard says about a take and its tracks, as plain functions of the server's list
 * (no React): names, times, formats, sizes, and for a track that is not saved what to do about it.
 */

/** The countdown between a take's creation and its recorders' start, when the server did not send `startAt`. */
const COUNTDOWN_MS = 3000;
export const TAKE_NAME_MAX = 100;

/** The host's name, else "Take N" (N counts the room's takes from the oldest, as listed). */
export function takeTitle(take: Take, number: number): string {
  return take.name?.trim() ? take.name : `Take ${number}`;
}

/** When its recorders started, in milliseconds since the epoch. */
function startMs(take: Take): number {
  return take.startAt ? Date.parse(take.startAt) : Date.parse(take.startedAt) + COUNTDOWN_MS;
}

/** How long the take ran (so far, while it runs); null before its recorders start. */
export function takeLengthMs(take: Take, now: number): number | null {
  const end = take.stoppedAt ? Date.parse(take.stoppedAt) : now;
  const length = end - startMs(take);
  return Number.isFinite(length) && length >= 0 ? length : null;
}

/** e.g. `0:07`, `12:05`, `1:02:09`. */
export function clock(ms: number): string {
  const total = Math.floor(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** Everyone with a track in the take, once each, in the order their first track was made. */
export function takePeople(take: Take): string[] {
  return [...new Set(take.tracks.map((t) => t.displayName))];
}

/** e.g. `850 KB`, `12.3 MB`, `1.24 GB`; empty when unknown. */
export function size(bytes: number | null | undefined): string {
  if (bytes == null) return '';
  if (bytes < 1_048_576) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  if (bytes < 1_073_741_824) return `${(bytes / 1_048_576).toFixed(1)} MB`;
  return `${(bytes / 1_073_741_824).toFixed(2)} GB`;
}

/** What the take's saved tracks weigh together. */
export function takeSize(take: Take): number {
  return take.tracks.reduce((sum, t) => sum + (t.size ?? 0), 0);
}

const CONTAINERS: Record<string, string> = {
  'video/webm': 'WebM',
  'audio/webm': 'WebM',
  'video/mp4': 'MP4',
  'audio/mp4': 'MP4',
  'video/x-matroska': 'Matroska',
  'audio/wav': 'WAV',
  'audio/x-wav': 'WAV',
  'audio/wave': 'WAV',
  'audio/flac': 'FLAC',
  'audio/ogg': 'Ogg',
};

const CODECS: [RegExp, string][] = [
  [/^vp0?9/, 'VP9'],
  [/^vp0?8/, 'VP8'],
  [/^av0?1/, 'AV1'],
  [/^(avc1|h264)/, 'H.264'],
  [/^(hvc1|hev1|h265)/, 'H.265'],
  [/^opus/, 'Opus'],
  [/^(pcm|lpcm)/, 'PCM'],
  [/^flac/, 'FLAC'],
  [/^(mp4a|aac)/, 'AAC'],
];

/** `video/webm;codecs=vp9,opus` → `WebM · VP9, Opus`; an unknown type is shown as sent. */
export function mimeFormat(mimeType: string | undefined): string {
  if (!mimeType) return '';
  const [type = '', ...params] = mimeType.split(';').map((p) => p.trim());
  const base = type.toLowerCase();
  const container = CONTAINERS[base] ?? base;
  const codecParam = params.find((p) => p.toLowerCase().startsWith('codecs='));
  if (!codecParam) return container;
  const codecs = codecParam
    .slice('codecs='.length)
    .replace(/"/g, '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter(Boolean)
    .map((c) => CODECS.find(([re]) => re.test(c))?.[1] ?? c);
  return codecs.length ? `${container} · ${codecs.join(', ')}` : container;
}

const KINDS: Record<string, string> = { camera: 'Camera', screen: 'Screen', audio: 'Lossless audio' };

export function kindLabel(kind: string): string {
  return KINDS[kind] ?? kind;
}

/** The track's format as known: container and codecs, and a lossless track's sample rate. */
export function trackFormat(track: TakeTrack): string {
  const parts = [mimeFormat(track.mimeType)];
  if (track.sampleRate) parts.push(`${+(track.sampleRate / 1000).toFixed(1)} kHz`);
  return parts.filter(Boolean).join(' · ');
}

export type TrackWord = 'recording' | 'uploading' | 'stopped' | 'saved' | 'discarded';

export interface TrackStatus {
  word: TrackWord;
  /** What to do about a track that is not saved, in a sentence; null when nothing needs doing. */
  advice: string | null;
}

/**
 * The state word the page shows, from the server's own record (never a browser's claim), and for
 * a stranded or discarded track what the host can do. `viewerId` is who is looking: their own
 * stranded track is theirs to resume.
 */
export function trackStatus(track: TakeTrack, take: Take, viewerId: string | null): TrackStatus {
  if (track.state === 'complete') return { word: 'saved', advice: null };
  if (track.state === 'aborted') {
    return {
      word: 'discarded',
      advice:
        'Not saved: this upload was discarded (by Discard, given up after a long time without news, or dropped because its recorder caught nothing before Stop). Nothing is left to download.',
    };
  }
  if (!take.stoppedAt) return { word: 'recording', advice: null };
  if (!track.stranded) return { word: 'uploading', advice: null };
  if (viewerId !== null && track.userId === viewerId) {
    return {
      word: 'stopped',
      advice: 'Your upload stopped — it resumes when you open this room again in the browser you recorded with; if that page says the upload failed, press Try again there.',
    };
  }
  const who = track.displayName;
  return {
    word: 'stopped',
    advice: `${who}'s upload stopped — it resumes when ${who} reopens the invite link in the browser that recorded it; if ${who}'s page says the upload failed, ask ${who} to press Try again.`,
  };
}

/** A deletion the store interrupted: the take is still listed until it is finished. */
export const DELETING_ADVICE = 'Deleting this take did not finish (storage was unavailable). Press Delete take again to finish it.';

/** A count with its noun, e.g. `1 track`, `3 tracks`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
