import { useState } from 'react';
import type { Take } from '../api/types';
import { readManifest } from '../export/manifest';
import { fetchTrack } from '../export/fetch-track';
import { chooseSink, save } from '../export/save';
import { takeZip } from '../export/take-zip';

type Status = { state: 'idle' } | { state: 'zipping'; done: number; total: number } | { state: 'saved'; name: string } | { state: 'failed'; message: string };

const mb = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;

/** e.g. `podster-take-3-2026-12-01-1014`: which take, and when, without characters a disk refuses. */
export function takeFileName(number: number, startedAt: string): string {
  const when = startedAt.slice(0, 16).replace(/[T:]/g, '-').replace(/-(\d\d)$/, '$1');
  return `podster-take-${number}-${when}`;
}

/**
 * **Download take**: the whole take as one ZIP built in this tab from the store's presigned GETs
 * (tracks, aligned WAVs, manifest, editor projects) and streamed to disk as it is built.
 */
export function DownloadTake({ roomId, take, number }: { roomId: string; take: Take; number: number }) {
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  const name = takeFileName(number, take.startedAt);

  const start = async () => {
    try {
      // first, while the click still counts as the person's: the save picker needs it
      const sink = await chooseSink(`${name}.zip`);
      if (!sink) return;
      setStatus({ state: 'zipping', done: 0, total: 0 });
      let shownAt = 0;
      const res = await fetch(`/api/rooms/${encodeURIComponent(roomId)}/takes/${encodeURIComponent(take.id)}/manifest`, { credentials: 'same-origin' });
      if (!res.ok) throw new Error(`The take's manifest could not be read (HTTP ${res.status}): reload the page and try again.`);
      const zip = takeZip(readManifest(await res.json()), {
        name,
        stoppedAt: take.stoppedAt,
        open: fetchTrack,
        // a render per chunk would cost more than the zipping: five a second is smooth enough
        onProgress: (done, total) => {
          const now = performance.now();
          if (now - shownAt < 200 && done < total) return;
          shownAt = now;
          setStatus({ state: 'zipping', done, total });
        },
      });
      await save(sink, `${name}.zip`, zip.stream);
      setStatus({ state: 'saved', name: `${name}.zip` });
    } catch (e) {
      setStatus({ state: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  };

  return (
    <span className="flex items-center gap-2" data-take-download={status.state}>
      <button type="button" className="underline disabled:opacity-50" disabled={status.state === 'zipping'} onClick={() => void start()}>
        Download take
      </button>
      {status.state === 'zipping' && (
        <>
          <progress aria-label="Take download" max={status.total || 1} value={status.done} />
          <span>{status.total ? `${Math.floor((100 * status.done) / status.total)} % · ${mb(status.done)} of ${mb(status.total)}` : 'starting…'}</span>
        </>
      )}
      {status.state === 'saved' && <span>Saved {status.name}</span>}
      {status.state === 'failed' && <span role="alert" className="text-red-300">Download failed: {status.message}</span>}
    </span>
  );
}
