import { LosslessSource, type PcmTapPort } from './lossless';
import { pcmRecorderSupported, recorderTap } from './pcm-recorder-tap';
import type { WavFormat } from './wav';
import { inputLatencyMs } from './input-latency';

/** The microphone opened for the lossless track: what it records, and a new tap per take. */
export interface PcmSource {
  readonly format: WavFormat;
  /** The microphone's settings as opened (processing included). */
  readonly settings: MediaTrackSettings;
  /** A new tap that starts itself at a page-clock instant (undefined: at once), however busy the page then is. */
  scheduled(startsAtLocal: number | undefined): PcmTapPort;
  close(): void;
}

/**
 * Where the browser's MediaRecorder writes PCM (Chromium), the lossless track is taken from it: fed
 * by the microphone itself, it keeps every sample on a busy machine, where an audio graph's late
 * render thread drops input (a 60 s take lost 0.44 s that way under load, the recorder none).
 * Elsewhere (Firefox) it is an AudioWorklet tap on an audio graph.
 */
export async function openPcmSource(track: MediaStreamTrack, onError: (e: Error) => void): Promise<PcmSource> {
  if (!pcmRecorderSupported()) return LosslessSource.open(track);
  const settings = track.getSettings();
  // The recorder writes the track as it is: its rate and all its channels.
  const format: WavFormat = { sampleRate: settings.sampleRate ?? 48_000, channels: Math.max(1, settings.channelCount ?? 1) };
  const latencyMs = inputLatencyMs(settings);
  return {
    format,
    settings,
    // Started ahead of the take's start instant, the track begins at it to the sample (StartCut).
    scheduled: (startsAtLocal) => recorderTap(track, format, onError, { startsAtLocal, latencyMs }),
    close: () => {},
  };
}
