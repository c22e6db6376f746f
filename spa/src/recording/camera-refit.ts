/**
 * A guest's camera is opened on the invite page, before the room's recording quality is known, at
 * the default; entering the room it is brought to the room's quality. Chromium rescales a live
 * camera on applyConstraints; Firefox (firefox-esr here) answers it without an error and without
 * changing the frames, so a Firefox guest recorded 1080p in a 720p room. Where the constraints
 * changed nothing, the camera is opened again at the room's quality and its track takes the old
 * one's place in the stream, before the call or any recorder holds the old one.
 */
import { cameraConstraints, qualitySize, type VideoQuality } from './capture-settings';

export type Refit = 'no camera' | 'fits' | 'applied' | 'reopened' | 'kept';

type Size = { width?: number; height?: number };

export async function refitCamera(
  stream: MediaStream,
  quality: VideoQuality,
  open: (constraints: MediaStreamConstraints) => Promise<MediaStream>,
): Promise<Refit> {
  const track = stream.getVideoTracks()[0];
  if (!track) return 'no camera';
  const want = qualitySize(quality);
  const before = track.getSettings();
  if (sameSize(before, want)) return 'fits';
  await track.applyConstraints(cameraConstraints('', quality)).catch(() => {});
  if (!sameSize(track.getSettings(), before)) return 'applied';
  // A second opening of a camera is not free (Safari may mute the first track of the device): only
  // where the camera says it has a size closer to the room's.
  if (!couldComeCloser(track.getCapabilities?.().height, before.height, want.height)) return 'kept';
  let fresh: MediaStream;
  try {
    fresh = await open({ video: cameraConstraints(before.deviceId ?? '', quality) });
  } catch {
    return 'kept'; // the camera as it is still records; a second opening is not always allowed
  }
  const replacement = fresh.getVideoTracks()[0];
  fresh.getTracks().filter((t) => t !== replacement).forEach((t) => t.stop());
  if (!replacement || distance(replacement.getSettings(), want) >= distance(before, want)) {
    replacement?.stop();
    return 'kept';
  }
  replacement.enabled = track.enabled;
  stream.removeTrack(track);
  stream.addTrack(replacement);
  track.stop();
  return 'reopened';
}

function couldComeCloser(range: { min?: number; max?: number } | undefined, now: number | undefined, want: number): boolean {
  if (!range || now === undefined) return true;
  return want > now ? (range.max ?? Infinity) > now : (range.min ?? 0) < now;
}

const sameSize = (a: Size, b: Size) => a.width === b.width && a.height === b.height;
const distance = (s: Size, want: { height: number }) => Math.abs((s.height ?? 0) - want.height);
