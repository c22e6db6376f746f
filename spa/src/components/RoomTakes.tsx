import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext';
import type { Take } from '../api/types';
import { takeTitle } from '../takes/take-view';
import { TakeItem } from './TakeItem';

/** How often the list is read again while the dashboard is open: uploads finish, guests come back. */
const REFRESH_MS = 5000;

/**
 * A room's takes, newest first, each with everyone's tracks (see {@link TakeItem}); the host may
 * rename and delete them. `host` is whether the viewer (`viewerId`) hosts the room.
 */
export function RoomTakes({ roomId, host = false, viewerId = null }: { roomId: string; host?: boolean; viewerId?: string | null }) {
  const api = useApi();
  const [takes, setTakes] = useState<Take[]>([]);
  const [said, setSaid] = useState('');

  useEffect(() => {
    let cancelled = false;
    const load = () =>
      api.listTakes(roomId).then(
        (t) => !cancelled && setTakes(t.takes),
        () => {},
      );
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
  }, [api, roomId]);

  const renamed = useCallback((take: Take) => setTakes((all) => all.map((t) => (t.id === take.id ? { ...t, name: take.name } : t))), []);
  const deleted = useCallback(
    (takeId: string) =>
      setTakes((all) => {
        const at = all.findIndex((t) => t.id === takeId);
        const gone = all[at];
        if (gone) setSaid(`Deleted ${takeTitle(gone, gone.number ?? all.length - at)}.`);
        return all.filter((t) => t.id !== takeId);
      }),
    [],
  );

  return (
    <>
      <p aria-live="polite" className="text-xs text-neutral-400">
        {said}
      </p>
      {takes.length > 0 && (
        <ol aria-label="Takes" className="mt-2 space-y-2 text-xs">
          {takes.map((take, i) => (
            <TakeItem
              key={take.id}
              roomId={roomId}
              take={take}
              number={take.number ?? takes.length - i}
              host={host}
              viewerId={viewerId}
              now={Date.now()}
              onRenamed={renamed}
              onDeleted={deleted}
            />
          ))}
        </ol>
      )}
    </>
  );
}
