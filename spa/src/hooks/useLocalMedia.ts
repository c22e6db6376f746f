import { useEffect, useState } from 'react';
import { DEFAULT_QUALITY, type VideoQuality } from '../recording/capture-settings';
import { openLobbyMedia } from '../recording/lobby-media';

export interface LocalMedia {
  stream: MediaStream | null;
  error: string | null;
  /** Why the stream holds no camera (it is the microphone alone), or null. */
  cameraError: string | null;
  cameras: MediaDeviceInfo[];
  microphones: MediaDeviceInfo[];
}

/** Camera (at recording quality) and the call's microphone for the lobby's preview; reopened when a device is picked. */
export function useLocalMedia(cameraId: string, micId: string, quality: VideoQuality = DEFAULT_QUALITY): LocalMedia {
  const [media, setMedia] = useState<LocalMedia>({ stream: null, error: null, cameraError: null, cameras: [], microphones: [] });

  useEffect(() => {
    let cancelled = false;
    let opened: MediaStream | null = null;
    const md = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (!md?.getUserMedia) {
      setMedia((m) => ({ ...m, error: 'This browser cannot use a camera here.' }));
      return;
    }
    openLobbyMedia((c) => md.getUserMedia(c), cameraId, micId, quality)
      .then(async ({ stream, cameraError }) => {
        opened = stream;
        if (cancelled) return stream.getTracks().forEach((t) => t.stop());
        const devices = await md.enumerateDevices();
        if (cancelled) return;
        setMedia({
          stream,
          error: null,
          cameraError,
          cameras: devices.filter((d) => d.kind === 'videoinput'),
          microphones: devices.filter((d) => d.kind === 'audioinput'),
        });
      })
      .catch((e: unknown) => !cancelled && setMedia((m) => ({ ...m, stream: null, error: `Camera or microphone unavailable: ${e instanceof Error ? e.message : String(e)}` })));
    return () => {
      cancelled = true;
      (opened as MediaStream | null)?.getTracks().forEach((t) => t.stop());
    };
  }, [cameraId, micId, quality]);

  return media;
}

/** Hands a stream over from the lobby to the call, so closing the lobby does not stop it. */
export function detach(stream: MediaStream): MediaStream {
  return new MediaStream(stream.getTracks().map((t) => t.clone()));
}
