import { useSyncExternalStore } from 'react';
import type { HostBoard } from '../board/host-board';
import { megabytes, type BoardRow } from '../board/model';
import type { CallQuality } from '../signaling/messages';

const wordColor = { recording: 'text-red-300', uploading: 'text-amber-300', saved: 'text-emerald-300', failed: 'text-red-400', 'not recording': 'text-neutral-400' } as const;

/** The host's view of everyone's recording: whether each participant's tracks are safe in the store. */
export function RecordingBoard({ board }: { board: HostBoard }) {
  const v = useSyncExternalStore(board.subscribe, board.getSnapshot);
  if (v.rows.length === 0) return null;
  return (
    <section className="space-y-2 rounded-lg border border-neutral-800 p-3 text-sm">
      <ul aria-label="Recording status" className="space-y-1">
        {v.rows.map((r) => (
          <BoardItem key={r.userId} row={r} />
        ))}
      </ul>
      {v.allSaved && (
        <p role="status" className="font-medium text-emerald-300">
          All recordings saved
        </p>
      )}
    </section>
  );
}

function BoardItem({ row }: { row: BoardRow }) {
  const toGo = row.word === 'uploading' && row.pendingBytes !== null ? ` · ${megabytes(row.pendingBytes)} to upload` : '';
  return (
    <li data-board-user={row.displayName} data-board-state={row.word} className="flex flex-wrap items-center gap-x-3">
      <span className="w-40 truncate font-medium">{row.displayName}</span>
      <span className={wordColor[row.word]}>
        <span data-board-word>{row.word}</span>
        {toGo}
      </span>
      {row.format && <span className="text-neutral-400">{row.format}</span>}
      {row.quality && <span className="text-neutral-400">{describeQuality(row.quality)}</span>}
      {row.leftNote && (
        <span role="status" className="w-full text-amber-300">
          {row.leftNote}
        </span>
      )}
      {row.lostNote && (
        <span role="status" className="w-full text-amber-300">
          {row.lostNote}
        </span>
      )}
    </li>
  );
}

function describeQuality(q: CallQuality): string {
  const n = (x: number | null, unit: string, digits = 0) => (x === null ? `– ${unit}` : `${x.toFixed(digits)} ${unit}`);
  return `RTT ${n(q.rttMs, 'ms')} · loss ${n(q.lossPercent, '%', 1)} · ${n(q.sendKbps, 'kbit/s')}`;
}
