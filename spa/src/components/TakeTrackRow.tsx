import { downloadPath } from '../api/client';
import type { Take, TakeTrack } from '../api/types';
import { clock, kindLabel, size, trackFormat, trackStatus } from '../takes/take-view';
import { linkClass } from './Layout';

/** One track of a take: who, kind, format, duration, size and state; **Download** once saved, else what to do. */
export function TakeTrackRow({ take, track, viewerId }: { take: Take; track: TakeTrack; viewerId: string | null }) {
  const status = trackStatus(track, take, viewerId);
  const facts = [
    track.displayName,
    kindLabel(track.kind),
    trackFormat(track),
    track.durationMs != null ? clock(track.durationMs) : '',
    size(track.size),
  ].filter(Boolean);
  return (
    <li data-recording-id={track.recordingId} data-state={track.state} data-stranded={track.stranded ? 'true' : undefined} className="flex flex-wrap gap-x-3">
      <span>
        {facts.join(' · ')} · <span data-track-word={status.word}>{status.word}</span>
      </span>
      {track.state === 'complete' && (
        <a className={linkClass} href={downloadPath(track.recordingId)} aria-label={`Download ${track.displayName}'s ${track.kind}`}>
          Download
        </a>
      )}
      {status.advice && <span className={track.state === 'aborted' ? 'text-neutral-400' : 'text-amber-300'}>{status.advice}</span>}
    </li>
  );
}
