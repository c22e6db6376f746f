import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import { useLocalMedia } from '../hooks/useLocalMedia';
import { useMicLevel } from '../hooks/useMicLevel';
import { useStorageSpace } from '../hooks/useStorageSpace';
import { useStudioMic } from '../hooks/useStudioMic';
import { bytesPerHour, DEFAULT_QUALITY, describeRecording, QUALITIES, type VideoQuality } from '../recording/capture-settings';
import { losslessRate } from '../recording/lossless';
import { Alert } from './Alert';
import { Button } from './Button';
import { VideoTile } from './VideoTile';

/** Below this many hours of free space the lobby warns before a take. */
const WARN_HOURS = 2;

/**
 * Before the call: pick camera and microphone, say whether you wear headphones, see yourself and
 * what will be recorded, watch the mic meter, then Join. `onJoin` receives the call's stream (null
 * when no camera could be opened) and the microphone opened for the lossless track (a clone the
 * call owns), or null.
 */
export function Lobby({
  onJoin, pending = false, error = null, quality = DEFAULT_QUALITY, onQualityChange, children,
}: {
  onJoin: (stream: MediaStream | null, studioMic: MediaStreamTrack | null) => void;
  pending?: boolean;
  error?: string | null;
  /** The room's recording quality; with `onQualityChange` (the host) it can be changed here. */
  quality?: VideoQuality;
  onQualityChange?: (q: VideoQuality) => void;
  children?: ReactNode;
}) {
  const [cameraId, setCameraId] = useState('');
  const [micId, setMicId] = useState('');
  const [headphones, setHeadphones] = useState(false);
  const media = useLocalMedia(cameraId, micId, quality);
  const studio = useStudioMic(micId, headphones, media.stream !== null);
  const level = useMicLevel(media.stream);
  const free = useStorageSpace();
  const camId = useId();
  const micSelectId = useId();
  const qualityId = useId();
  const video = media.stream?.getVideoTracks()[0]?.getSettings();
  // the rate the lossless track will have, where the browser does not report the microphone's (Firefox)
  const studioAudio = studio.settings && { ...studio.settings, sampleRate: losslessRate(studio.settings) };
  const hours = free === null ? null : free / bytesPerHour(video, studioAudio);

  // Join waits for the lossless microphone when it is still opening (a take recorded without it
  // cannot get it back); a disabled button would swallow the click instead.
  const [waiting, setWaiting] = useState(false);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    if (studio.opening) setWaiting(true);
    else onJoin(media.stream, studio.track?.clone() ?? null);
  };
  useEffect(() => {
    if (!waiting || studio.opening) return;
    setWaiting(false);
    onJoin(media.stream, studio.track?.clone() ?? null);
  }, [waiting, studio.opening, studio.track, media.stream, onJoin]);

  return (
    <form onSubmit={submit} aria-label="Join" aria-busy={pending} className="space-y-4">
      <Alert message={error} />
      {children}
      <div className="max-w-md">
        <VideoTile stream={media.stream} label="Your camera preview" muted mirrored />
      </div>
      {media.error && <p className="text-sm text-amber-300">{media.error}</p>}
      {media.cameraError && (
        <p data-no-camera className="text-sm text-amber-300">
          No camera could be opened ({media.cameraError}): you join with your microphone only.
        </p>
      )}
      <div className="flex flex-wrap gap-4 text-sm">
        <label htmlFor={camId} className="flex flex-col gap-1">
          Camera
          <select id={camId} value={cameraId} onChange={(e) => setCameraId(e.target.value)} className="rounded bg-neutral-900 p-1">
            <option value="">Default</option>
            {media.cameras.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {d.label || `Camera ${i + 1}`}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor={micSelectId} className="flex flex-col gap-1">
          Microphone
          <select id={micSelectId} value={micId} onChange={(e) => setMicId(e.target.value)} className="rounded bg-neutral-900 p-1">
            <option value="">Default</option>
            {media.microphones.map((d, i) => (
              <option key={d.deviceId || i} value={d.deviceId}>
                {d.label || `Microphone ${i + 1}`}
              </option>
            ))}
          </select>
        </label>
        {onQualityChange && (
          <label htmlFor={qualityId} className="flex flex-col gap-1">
            Recording quality
            <select id={qualityId} value={quality} onChange={(e) => onQualityChange(e.target.value as VideoQuality)} className="rounded bg-neutral-900 p-1">
              {QUALITIES.map((q) => (
                <option key={q.value} value={q.value}>
                  {q.label}
                </option>
              ))}
            </select>
          </label>
        )}
      </div>
      <label className="flex items-center gap-2 text-sm">
        <input type="checkbox" checked={headphones} onChange={(e) => setHeadphones(e.target.checked)} />
        I'm wearing headphones
      </label>
      <p className="text-sm text-neutral-300">
        Will record: <span data-recording-format>{describeRecording(video, studioAudio)}</span>
        {studio.opening && ' (opening the microphone for the lossless track…)'}
        {studio.track === null && !studio.opening && media.stream !== null && ' (no lossless microphone track: the microphone could not be opened twice)'}
      </p>
      {studio.kept.length > 0 && (
        <p data-recording-processing className="text-sm text-amber-300">
          This browser records your microphone with {studio.kept.join(' and ')}.
        </p>
      )}
      {hours !== null && (
        <p className={`text-sm ${hours < WARN_HOURS ? 'text-amber-300' : 'text-neutral-400'}`}>
          {hours < WARN_HOURS
            ? `Only about ${formatHours(hours)} of recording fits on this device: free some disk space before a long take.`
            : `Room on this device for about ${formatHours(hours)} of recording.`}
        </p>
      )}
      <div className="flex items-center gap-2 text-sm">
        <span>Mic level</span>
        <meter aria-label="Microphone level" min={0} max={100} value={level} className="w-48" />
      </div>
      {waiting && <p role="status" className="text-sm text-neutral-300">Opening the microphone for the lossless track…</p>}
      <Button type="submit" disabled={pending || waiting || (media.stream === null && media.error === null)}>
        Join
      </Button>
    </form>
  );
}

function formatHours(h: number): string {
  if (h < 1) return `${Math.max(1, Math.round(h * 60))} min`;
  return `${h < 10 ? h.toFixed(1) : Math.round(h)} h`;
}
