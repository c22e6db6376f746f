import type { ManifestTrack } from './manifest';

/** A person's name as a file name part: letters and digits of any script kept, the rest dashed. */
export function fileSafe(name: string): string {
  const safe = name
    .normalize('NFC')
    .replace(/[^\p{L}\p{N}._-]+/gu, '-')
    .replace(/^[-.]+|-+$/g, '')
    .slice(0, 60);
  return safe || 'participant';
}

export function extension(mimeType: string): string {
  const base = mimeType.split(';')[0]!.trim().toLowerCase();
  if (base.endsWith('/webm')) return 'webm';
  if (base.endsWith('/mp4')) return 'mp4';
  if (base === 'audio/wav' || base === 'audio/wave' || base === 'audio/x-wav') return 'wav';
  if (base === 'audio/flac') return 'flac';
  if (base === 'audio/ogg') return 'ogg';
  return 'bin';
}

export const isLosslessWav = (t: ManifestTrack) => t.kind === 'audio' && extension(t.mimeType) === 'wav';

/**
 * `NN-<person>-<kind>.<ext>`, numbered in manifest order from 01; two tracks never share a
 * name because the number is unique.
 */
export function entryNames(tracks: readonly ManifestTrack[]): Map<string, string> {
  const width = Math.max(2, String(tracks.length).length);
  return new Map(
    tracks.map((t, i) => [t.recordingId, `${String(i + 1).padStart(width, '0')}-${fileSafe(t.displayName)}-${fileSafe(t.kind)}.${extension(t.mimeType)}`]),
  );
}

/** The aligned copy of a lossless track: same name, under `aligned/`. */
export const alignedName = (entry: string) => `aligned/${entry}`;
