import { useId, useState } from 'react';
import type { Room } from '../api/types';
import { Link } from '../router/RouterContext';
import { roomPath } from '../router/routes';
import { InviteActions } from './InviteActions';
import { RoomTakes } from './RoomTakes';
import { linkClass } from './Layout';

/** `viewerId` is who is looking: the host of a room may rename and delete its takes. */
export function RoomList({ rooms, viewerId = null }: { rooms: Room[]; viewerId?: string | null }) {
  return (
    <ul className="divide-y divide-neutral-800 rounded-lg border border-neutral-800">
      {rooms.map((room) => (
        <RoomItem key={room.id} room={room} viewerId={viewerId} />
      ))}
    </ul>
  );
}

function RoomItem({ room, viewerId }: { room: Room; viewerId: string | null }) {
  const nameId = useId();
  const [status, setStatus] = useState('');
  // Only the host is sent the invite code, so only the host gets the invite buttons.
  const inviteCode = room.inviteCode;

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
        <RoomTakes roomId={room.id} host={viewerId !== null && room.ownerId === viewerId} viewerId={viewerId} />
      </div>
      {inviteCode !== undefined && (
        <InviteActions roomId={room.id} inviteCode={inviteCode} describedBy={nameId} onStatus={setStatus} />
      )}
    </li>
  );
}

function formatDate(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}
