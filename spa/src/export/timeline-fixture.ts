import { readManifest, type TakeManifest } from './manifest';

/** A take as the server's manifest lists it: a host and a guest, camera + lossless audio, and the host's screen. */
export function sampleManifest(over: Record<string, unknown>[] = []): TakeManifest {
  const base = [
    { recordingId: 'r-host-cam', displayName: 'Hana Host', kind: 'camera', mimeType: 'video/webm;codecs=vp8,opus', state: 'complete', offsetMs: 12, durationMs: 10_040, size: 5000 },
    { recordingId: 'r-host-wav', displayName: 'Hana Host', kind: 'audio', mimeType: 'audio/wav', state: 'complete', offsetMs: 15, durationMs: 10_020, size: 2000, sampleRate: 48_000 },
    { recordingId: 'r-host-scr', displayName: 'Hana Host', kind: 'screen', mimeType: 'video/webm', state: 'complete', offsetMs: 2_500, durationMs: 6_000, size: 3000 },
    { recordingId: 'r-guest-cam', displayName: 'Gus "the" Guest & Co <3>', kind: 'camera', mimeType: 'video/webm', state: 'complete', offsetMs: 431, durationMs: 9_600, size: 4000 },
    { recordingId: 'r-guest-wav', displayName: 'Gus "the" Guest & Co <3>', kind: 'audio', mimeType: 'audio/wav', state: 'complete', offsetMs: 440, durationMs: 9_590, size: 1500, sampleRate: 44_100, driftPpm: 12.5 },
    { recordingId: 'r-late', displayName: 'Late', kind: 'camera', mimeType: 'video/webm', state: 'uploading', offsetMs: 900, durationMs: null, size: null },
  ];
  return readManifest({ takeId: 't1', roomId: 'room1', startedAt: '2026-12-01T10:00:00.000Z', stoppedAt: '2026-12-01T10:00:11.000Z', timeBase: 'ms', tracks: over.length ? over : base });
}

/**
 * A take whose guest's browser lost microphone input twice (88 and 45 ms, filled in the lossless
 * track): the guest's camera lacks that time. The host lost nothing.
 */
export function lossyManifest(): TakeManifest {
  return readManifest({
    takeId: 't2', roomId: 'room1', startedAt: '2026-12-01T10:00:00.000Z', stoppedAt: '2026-12-01T10:00:16.000Z', timeBase: 'ms',
    tracks: [
      { recordingId: 'r-hana-cam', userId: 'u-hana', displayName: 'Hana Host', kind: 'camera', mimeType: 'video/webm', state: 'complete', offsetMs: 2797, durationMs: 12_500, size: 5000 },
      { recordingId: 'r-hana-wav', userId: 'u-hana', displayName: 'Hana Host', kind: 'audio', mimeType: 'audio/wav', state: 'complete', offsetMs: 3000, durationMs: 12_300, size: 2000, sampleRate: 48_000, fills: [] },
      { recordingId: 'r-gus-cam', userId: 'u-gus', displayName: 'Gus Guest', kind: 'camera', mimeType: 'video/webm', state: 'complete', offsetMs: 2972, durationMs: 12_186, size: 4000 },
      { recordingId: 'r-gus-wav', userId: 'u-gus', displayName: 'Gus Guest', kind: 'audio', mimeType: 'audio/wav', state: 'complete', offsetMs: 3000, durationMs: 12_448, size: 1500, sampleRate: 48_000, fills: [{ atMs: 1319, ms: 88 }, { atMs: 5486.4, ms: 45 }] },
    ],
  });
}

/** The guest's camera in that take, as its pieces should lie: cut where each loss began in its file, each moved after the losses before it. */
export const LOSSY_GUEST_CAMERA_PIECES = [
  { sourceMs: 0, offsetMs: 2972, durationMs: 1347 },
  { sourceMs: 1347, offsetMs: 4407, durationMs: 4079 },
  { sourceMs: 5426, offsetMs: 8531, durationMs: 6760 },
];
