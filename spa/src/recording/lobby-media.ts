import { callMicConstraints, cameraConstraints, type VideoQuality } from './capture-settings';

/** What the lobby opened: the call's stream, and why it holds no camera if it does not. */
export interface LobbyMedia {
  stream: MediaStream;
  /** Why the camera could not be opened (the stream is the microphone alone), or null. */
  cameraError: string | null;
}

const reason = (e: unknown) => (e instanceof Error ? e.message || e.name : String(e));

/**
 * Opens the camera and the call's microphone; where the camera cannot be opened (none, another
 * program holds it, refused, no size it can give), the microphone alone. A podcast guest without a
 * webcam must still be heard and recorded: asked for both, a browser refuses both (Chromium with no
 * camera: "Requested device not found"), and that person would have joined silent and recorded
 * nothing. Rejects with the first error when the microphone cannot be opened either.
 */
export async function openLobbyMedia(
  getUserMedia: (c: MediaStreamConstraints) => Promise<MediaStream>,
  cameraId: string,
  micId: string,
  quality: VideoQuality,
): Promise<LobbyMedia> {
  try {
    return { stream: await getUserMedia({ video: cameraConstraints(cameraId, quality), audio: callMicConstraints(micId) }), cameraError: null };
  } catch (cameraFailed) {
    let stream: MediaStream;
    try {
      stream = await getUserMedia({ video: false, audio: callMicConstraints(micId) });
    } catch {
      throw cameraFailed;
    }
    return { stream, cameraError: reason(cameraFailed) };
  }
}
