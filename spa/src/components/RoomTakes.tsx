import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { downloadPath } from '../api/client';
import type { Recording, Take } from '../api/types';
import { DownloadTake } from './DownloadTake';
import { linkClass } from './Layout';

const size = (n: number | null | undefined) => (n == null ? '' : `${(n / 1_048_576).toFixed(1)} MB`);

/** A room's takes, each with everyone's tracks: state, size, Download, the take's manifest and Download take. */
export function RoomTakes({ roomId }: { roomId: string }) {
  const api = useApi();
  const [takes, setTakes] = useState<Take[]>([]);
  const [recordings, setRecordings] = useState<Map<string, Recording>>(new Map());

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      Promise.all([api.listTakes(roomId), api.listRecordings(roomId)]).then(
        ([t, r]) => {
          if (cancelled) return;
          setTakes(t.takes);
          setRecordings(new Map(r.recordings.map((x) => [x.id, x])));
        },
        () => {},
      );
    void load();
    const timer = setInterval(() => void load(), 5000);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [api, roomId]);

  if (takes.length === 0) return null;
  return (
    <ol aria-label="Takes" className="mt-2 space-y-2 text-xs">
      {takes.map((take, i) => (
        <li key={take.id} data-take-id={take.id}>
          <div className="flex gap-3 text-neutral-400">
            <span>
              Take {takes.length - i} · {new Date(take.startedAt).toLocaleString()}
              {take.stoppedAt ? '' : ' · recording'}
            </span>
            <a className={linkClass} href={`/api/rooms/${encodeURIComponent(roomId)}/takes/${encodeURIComponent(take.id)}/manifest`}>
              Manifest
            </a>
            {take.stoppedAt && take.tracks.some((t) => t.state === 'complete') && <DownloadTake roomId={roomId} take={take} number={takes.length - i} />}
          </div>
          <ul className="ml-4">
            {take.tracks.map((t) => (
              <li key={t.recordingId} data-recording-id={t.recordingId} data-state={t.state} data-stranded={t.stranded ? 'true' : undefined} className="flex gap-3">
                <span>
                  {t.displayName} · {t.kind} · {t.state} {size(recordings.get(t.recordingId)?.size)}
                </span>
                {t.stranded && (
                  <span className="text-amber-300">
                    stranded — waiting for {t.displayName}'s browser to finish uploading
                  </span>
                )}
                {t.state === 'complete' && (
                  <a className={linkClass} href={downloadPath(t.recordingId)} aria-label={`Download ${t.displayName}'s ${t.kind}`}>
                    Download
                  </a>
                )}
              </li>
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}
