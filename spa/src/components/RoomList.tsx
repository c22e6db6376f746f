import { useId, useState } from 'react';
import type { Room } from '../api/types';
import { inviteLink } from '../rooms/inviteLink';
import { Link } from '../router/RouterContext';
import { roomPath } from '../router/routes';
import { Button } from './Button';
import { RoomTakes } from './RoomTakes';
import { linkClass } from './Layout';

export function RoomList({ rooms }: { rooms: Room[] }) {
  return (
    <ul className="divide-y divide-neutral-800 rounded-lg border border-neutral-800">
      {rooms.map((room) => (
        <RoomItem key={room.id} room={room} />
      ))}
    </ul>
  );
}

function RoomItem({ room }: { room: Room }) {
  const nameId = useId();
  const [status, setStatus] = useState('');
  const link = inviteLink(window.location.origin, room.inviteCode);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(link);
      setStatus('Invite link copied.');
    } catch {
      setStatus(`Copy this invite link: ${link}`);
    }
  };

  return (
    <li className="flex flex-wrap items-center justify-between gap-3 px-4 py-3">
      <div className="min-w-0">
        <Link id={nameId} to={roomPath(room.id)} className={`${linkClass} font-medium`}>
          {room.name}
        </Link>
        <p className="text-xs text-neutral-500">Created {formatDate(room.createdAt)}</p>
        <p aria-live="polite" className="text-xs break-all text-neutral-400">
          {status}
        </p>
        <RoomTakes roomId={room.id} />
      </div>
      <Button variant="secondary" aria-describedby={nameId} onClick={() => void copy()}>
        Copy invite link
      </Button>
    </li>
  );
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
