import { completeTracks, type ManifestTrack, type TakeManifest } from './manifest';
import { entryNames } from './names';

/** One stored track placed on the take's timeline: what every project writer needs and nothing more. */
export interface Clip {
  /** The track's file inside the ZIP (relative to the project files, which sit at its root). */
  file: string;
  /** e.g. "Hana Host · camera". */
  label: string;
  kind: string;
  offsetMs: number;
  durationMs: number;
  video: boolean;
  audio: boolean;
  sampleRate: number | null;
}

export interface Timeline {
  name: string;
  /** From the take's start to the end of its last clip. */
  durationMs: number;
  clips: Clip[];
}

const hasVideo = (t: ManifestTrack) => t.kind === 'camera' || t.kind === 'screen';
// a camera track is camera + microphone; a screen share is recorded without sound
const hasAudio = (t: ManifestTrack) => t.kind === 'camera' || t.kind === 'audio';

/**
 * The take's complete tracks at their offsets. A track whose duration the manifest lacks (an old
 * take) runs to the take's stop, or one second when even that is unknown.
 */
export function timelineOf(m: TakeManifest, name: string, stoppedAt?: string | null): Timeline {
  const tracks = completeTracks(m);
  const names = entryNames(tracks);
  const takeMs = stoppedAt && m.startedAt ? Date.parse(stoppedAt) - Date.parse(m.startedAt) : NaN;
  const clips = tracks.map((t): Clip => ({
    file: names.get(t.recordingId)!,
    label: `${t.displayName} · ${t.kind}`,
    kind: t.kind,
    offsetMs: Math.round(t.offsetMs),
    durationMs: Math.max(1, Math.round(t.durationMs ?? (Number.isFinite(takeMs) ? takeMs - t.offsetMs : 1000))),
    video: hasVideo(t),
    audio: hasAudio(t),
    sampleRate: t.sampleRate,
  }));
  const durationMs = clips.reduce((end, c) => Math.max(end, c.offsetMs + c.durationMs), 0);
  return { name, durationMs, clips };
}
