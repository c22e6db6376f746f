import { cameraPieces, type Piece } from './camera-pieces';
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
  /**
   * Where the file goes on the timeline: one piece, the whole file at its offset, but for a camera
   * whose recorder lost input its lossless track filled (camera-pieces.ts).
   */
  pieces: Piece[];
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
 * The lossless track recorded beside a camera, of the same microphone: its owner's, begun nearest
 * it (a person who rejoined a take has a pair of tracks for each time).
 */
function losslessOf(m: TakeManifest, camera: ManifestTrack): ManifestTrack | undefined {
  if (!camera.userId) return undefined;
  const theirs = m.tracks.filter((a) => a.kind === 'audio' && a.userId === camera.userId);
  return theirs.sort((a, b) => Math.abs(a.offsetMs - camera.offsetMs) - Math.abs(b.offsetMs - camera.offsetMs))[0];
}

/**
 * The take's complete tracks at their offsets. A track whose duration the manifest lacks (an old
 * take) runs to the take's stop, or one second when even that is unknown.
 */
export function timelineOf(m: TakeManifest, name: string, stoppedAt?: string | null): Timeline {
  const tracks = completeTracks(m);
  const names = entryNames(tracks);
  const takeMs = stoppedAt && m.startedAt ? Date.parse(stoppedAt) - Date.parse(m.startedAt) : NaN;
  const clips = tracks.map((t): Clip => {
    const offsetMs = Math.round(t.offsetMs);
    const durationMs = Math.max(1, Math.round(t.durationMs ?? (Number.isFinite(takeMs) ? takeMs - t.offsetMs : 1000)));
    const lossless = t.kind === 'camera' ? losslessOf(m, t) : undefined;
    return {
      file: names.get(t.recordingId)!,
      label: `${t.displayName} · ${t.kind}`,
      kind: t.kind,
      offsetMs,
      durationMs,
      video: hasVideo(t),
      audio: hasAudio(t),
      sampleRate: t.sampleRate,
      pieces: lossless ? cameraPieces({ offsetMs, durationMs }, lossless) : [{ sourceMs: 0, offsetMs, durationMs }],
    };
  });
  const durationMs = clips.reduce((end, c) => Math.max(end, ...c.pieces.map((p) => p.offsetMs + p.durationMs)), 0);
  return { name, durationMs, clips };
}
