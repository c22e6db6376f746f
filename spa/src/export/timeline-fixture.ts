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
