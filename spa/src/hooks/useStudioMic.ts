import { useEffect, useState } from 'react';
import { processingMismatch, studioMicConstraints } from '../recording/capture-settings';

export interface StudioMic {
  track: MediaStreamTrack | null;
  settings: MediaTrackSettings | undefined;
  /** Processing the browser kept on the recorded microphone although it was asked not to. */
  kept: string[];
  /** Still being opened: joining now would record no lossless track. */
  opening: boolean;
}

/**
 * The microphone a second time, for the lossless track: without the call's processing (see
 * studioMicConstraints). Reopened when the device or the headphones answer changes.
 */
export function useStudioMic(micId: string, headphones: boolean, enabled: boolean): StudioMic {
  const key = `${micId}|${headphones}`;
  const [mic, setMic] = useState<StudioMic & { key: string }>({ track: null, settings: undefined, kept: [], opening: false, key: '' });

  useEffect(() => {
    const md = typeof navigator === 'undefined' ? undefined : navigator.mediaDevices;
    if (!enabled || !md?.getUserMedia) return;
    let cancelled = false;
    let opened: MediaStreamTrack | null = null;
    const asked = studioMicConstraints(micId, headphones);
    setMic({ track: null, settings: undefined, kept: [], opening: true, key });
    md.getUserMedia({ audio: asked, video: false }).then(
      (stream) => {
        opened = stream.getAudioTracks()[0] ?? null;
        if (cancelled) return opened?.stop();
        const settings = opened?.getSettings();
        setMic({ track: opened, settings, kept: settings ? processingMismatch(asked, settings) : [], opening: false, key });
      },
      () => !cancelled && setMic({ track: null, settings: undefined, kept: [], opening: false, key }),
    );
    return () => {
      cancelled = true;
      opened?.stop();
    };
  }, [micId, headphones, enabled, key]);

  // Until the effect has reopened the microphone for a new choice, the one open is the old choice's.
  const stale = enabled && mic.key !== key && typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
  return { track: stale ? null : mic.track, settings: stale ? undefined : mic.settings, kept: stale ? [] : mic.kept, opening: mic.opening || stale };
}
