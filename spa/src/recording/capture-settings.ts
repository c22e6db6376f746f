/**
 * What the studio asks of the camera and microphone, and what it says it records. The recording
 * takes the device's best up to the chosen quality; the call is capped separately (rtc/mesh), so a
 * 1080p recording does not push 1080p into everyone's downlink.
 */

import type { VideoQuality } from '../api/types';

export type { VideoQuality };
export const DEFAULT_QUALITY: VideoQuality = '1080p';
const SIZES: Record<VideoQuality, { width: number; height: number }> = {
  '720p': { width: 1280, height: 720 },
  '1080p': { width: 1920, height: 1080 },
  '2160p': { width: 3840, height: 2160 },
};
/** The frame size `quality` asks the camera for. */
export const qualitySize = (quality: VideoQuality): { width: number; height: number } => SIZES[quality];
export const FRAME_RATE = 30;
/** What the host picks from, in the words a person uses. */
export const QUALITIES: { value: VideoQuality; label: string }[] = [
  { value: '720p', label: '720p' },
  { value: '1080p', label: '1080p (Full HD)' },
  { value: '2160p', label: '4K, where the camera can' },
];

/** The camera at the best it offers up to `quality` (ideal, so a lesser camera still opens). */
export function cameraConstraints(cameraId: string, quality: VideoQuality = DEFAULT_QUALITY): MediaTrackConstraints {
  const { width, height } = SIZES[quality];
  return { ...(cameraId ? { deviceId: { exact: cameraId } } : {}), width: { ideal: width }, height: { ideal: height }, frameRate: { ideal: FRAME_RATE } };
}

/** The call's microphone: the browser's processing on (echo cancellation matters on speakers). */
export function callMicConstraints(micId: string): MediaTrackConstraints | boolean {
  return micId ? { deviceId: { exact: micId } } : true;
}

/**
 * The lossless track's microphone: no noise suppression or automatic gain (an editor does those
 * better, and they cannot be undone); echo cancellation only without headphones, where the other
 * voices would otherwise come back through the speakers into the recording.
 */
export function studioMicConstraints(micId: string, headphones: boolean): MediaTrackConstraints {
  // No sample rate is asked: the file keeps the device's own. Asking Chromium for another rate
  // routes the microphone through its processing, which turns suppression and gain back on.
  return {
    ...(micId ? { deviceId: { exact: micId } } : {}),
    echoCancellation: !headphones,
    noiseSuppression: false,
    autoGainControl: false,
    channelCount: { ideal: 1 },
  };
}

/** The processing asked for that the browser did not honour (it may share one processing per device). */
export function processingMismatch(asked: MediaTrackConstraints, got: MediaTrackSettings): string[] {
  const names = { echoCancellation: 'echo cancellation', noiseSuppression: 'noise suppression', autoGainControl: 'automatic gain' } as const;
  return (Object.keys(names) as (keyof typeof names)[])
    .filter((k) => typeof asked[k] === 'boolean' && got[k] !== undefined && got[k] !== asked[k])
    .map((k) => `${names[k]} ${got[k] ? 'on' : 'off'}`);
}

/**
 * The recording's video bitrate, scaled to pixels and frame rate: VP9 about 8 Mbit/s at 1080p30
 * and 20 at 4K (the scale grows slower than the pixels, as encoders gain on larger frames); VP8 and
 * H.264 need about half as much again for the same quality.
 */
export function videoBitrate(settings: { width?: number; height?: number; frameRate?: number }, mimeType: string): number {
  const pixels = (settings.width ?? 640) * (settings.height ?? 480);
  const fps = Math.min(60, Math.max(5, settings.frameRate ?? FRAME_RATE));
  const vp9 = 8_000_000 * (pixels / (1920 * 1080)) ** 0.66 * (fps / 30);
  const factor = /vp9|av1/.test(mimeType) ? 1 : 1.5;
  return Math.round(Math.min(40_000_000, Math.max(1_000_000, vp9 * factor)));
}

/** The lobby's line: `1920×1080 · 30 fps · lossless 48 kHz audio`. */
export function describeRecording(video: MediaTrackSettings | undefined, audio: MediaTrackSettings | undefined): string {
  const parts: string[] = [];
  if (video?.width && video.height) parts.push(`${video.width}×${video.height}`);
  if (video?.frameRate) parts.push(`${Math.round(video.frameRate)} fps`);
  if (audio) parts.push(`lossless ${kHz(audio.sampleRate ?? 48_000)} kHz audio`);
  return parts.length > 0 ? parts.join(' · ') : 'Nothing to record yet';
}

/** 48000 → "48", 44100 → "44.1". */
export const kHz = (rate: number) => String(Math.round(rate / 100) / 10);

/** Bytes an hour of recording takes at these settings: the video file plus 24-bit WAV. */
export function bytesPerHour(video: MediaTrackSettings | undefined, audio: MediaTrackSettings | undefined, mimeType = 'video/webm;codecs=vp9'): number {
  const videoBps = video ? videoBitrate(video, mimeType) + 128_000 : 0;
  const audioBps = audio ? (audio.sampleRate ?? 48_000) * 3 * 8 * (audio.channelCount ?? 1) : 0;
  return ((videoBps + audioBps) / 8) * 3600;
}
