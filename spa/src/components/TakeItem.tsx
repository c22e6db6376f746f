import type { Take } from '../api/types';
import { DELETING_ADVICE, clock, takeLengthMs, takePeople, takeTitle } from '../takes/take-view';
import { DeleteTake } from './DeleteTake';
import { DownloadTake } from './DownloadTake';
import { linkClass } from './Layout';
import { RenameTake } from './RenameTake';
import { TakeTrackRow } from './TakeTrackRow';

export interface TakeItemProps {
  roomId: string;
  take: Take;
  /** Counts the room's takes from the oldest: "Take N" until the host names it. */
  number: number;
  host: boolean;
  viewerId: string | null;
  now: number;
  onRenamed: (take: Take) => void;
  onDeleted: (takeId: string) => void;
}

/** One take on the dashboard: when, how long, who; its tracks; and for the host Rename take and Delete take. */
export function TakeItem({ roomId, take, number, host, viewerId, now, onRenamed, onDeleted }: TakeItemProps) {
  const title = takeTitle(take, number);
  const length = takeLengthMs(take, now);
  const people = takePeople(take);
  const running = !take.stoppedAt;
  return (
    <li data-take-id={take.id} data-deleting={take.deleting ? 'true' : undefined} className="space-y-1">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-neutral-400">
        <span className="font-medium text-neutral-200" data-take-title>
          {title}
        </span>
        <span>
          <time dateTime={take.startedAt}>{new Date(take.startedAt).toLocaleString()}</time>
          {length != null && ` · ${clock(length)}`}
          {running && ' · recording'}
        </span>
        {people.length > 0 && <span>{people.join(', ')}</span>}
        {!take.deleting && (
          <a className={linkClass} href={`/api/rooms/${encodeURIComponent(roomId)}/takes/${encodeURIComponent(take.id)}/manifest`}>
            Manifest
          </a>
        )}
        {!running && !take.deleting && take.tracks.some((t) => t.state === 'complete') && <DownloadTake roomId={roomId} take={take} number={number} />}
        {host && !take.deleting && <RenameTake roomId={roomId} take={take} title={title} onRenamed={onRenamed} />}
        {host && !running && <DeleteTake roomId={roomId} take={take} title={title} onDeleted={onDeleted} />}
      </div>
      {take.deleting && <p className="text-amber-300">{DELETING_ADVICE}</p>}
      {take.tracks.length > 0 && (
        <ul className="ml-4" aria-label={`Tracks of ${title}`}>
          {take.tracks.map((t) => (
            <TakeTrackRow key={t.recordingId} take={take} track={t} viewerId={viewerId} />
          ))}
        </ul>
      )}
    </li>
  );
}
