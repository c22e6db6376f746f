import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useLocalMedia } from '../hooks/useLocalMedia';
import { useMicLevel } from '../hooks/useMicLevel';
import { Alert } from './Alert';
import { Button } from './Button';
import { VideoTile } from './VideoTile';

/**
 * Before the call: pick camera and microphone, see yourself, watch the mic meter, then Join.
 * `onJoin` receives the stream (null when no camera could be opened).
 */
export function Lobby({
  onJoin, pending = false, error = null, children,
}: { onJoin: (stream: MediaStream | null) => void; pending?: boolean; error?: string | null; children?: ReactNode }) {
  const [cameraId, setCameraId] = useState('');
  const [micId, setMicId] = useState('');
  const media = useLocalMedia(cameraId, micId);
  const level = useMicLevel(media.stream);
  const camId = useId();
  const micSelectId = useId();

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    onJoin(media.stream);
  };

  return (
    <form onSubmit={submit} aria-label="Join" aria-busy={pending} className="space-y-4">
      <Alert message={error} />
      {children}
      <div className="max-w-md">
        <VideoTile stream={media.stream} label="Your camera preview" muted mirrored />
      </div>
      {media.error && <p className="text-sm text-amber-300">{media.error}</p>}
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
      </div>
      <div className="flex items-center gap-2 text-sm">
        <span>Mic level</span>
        <meter aria-label="Microphone level" min={0} max={100} value={level} className="w-48" />
      </div>
      <Button type="submit" disabled={pending || (media.stream === null && media.error === null)}>
        Join
      </Button>
    </form>
  );
}
