import { useEffect, useState } from 'react';
import type { FormEvent } from 'react';
import { useApi } from '../api/ApiContext';
import { describeError } from '../api/errors';
import type { Room } from '../api/types';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Field } from '../components/Field';
import { Layout } from '../components/Layout';
import { LogoutButton } from '../components/LogoutButton';
import { RoomList } from '../components/RoomList';
import { UploadList } from '../components/UploadList';
import { useUploads } from '../hooks/useUploads';
import { useAction } from '../hooks/useAction';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import { useSession } from '../session/SessionContext';

type RoomsState = { status: 'loading' } | { status: 'ready'; rooms: Room[] } | { status: 'failed'; message: string };

/** The signed-in home: the rooms you own or joined, and a way to make one. */
export function DashboardPage() {
  const api = useApi();
  const { user } = useSession();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const create = useAction();
  const [rooms, setRooms] = useState<RoomsState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [name, setName] = useState('');
  useDocumentTitle('Your rooms');

  useEffect(() => {
    let cancelled = false;
    setRooms({ status: 'loading' });
    api.listRooms().then(
      ({ rooms }) => !cancelled && setRooms({ status: 'ready', rooms }),
      (e: unknown) => !cancelled && setRooms({ status: 'failed', message: describeError(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, attempt]);

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void create.run(async () => {
      const { room } = await api.createRoom({ name: name.trim() });
      setRooms((prev) => ({
        status: 'ready',
        rooms: [room, ...(prev.status === 'ready' ? prev.rooms.filter((r) => r.id !== room.id) : [])],
      }));
      setName('');
    });
  };

  const canCreate = user?.role !== 'guest';
  const uploads = useUploads();

  return (
    <Layout
      actions={
        <div className="flex items-center gap-3 text-sm text-neutral-400">
          {user && <span>Signed in as {user.displayName}</span>}
          <LogoutButton />
        </div>
      }
    >
      <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold tracking-tight outline-none">
        Your rooms
      </h1>

      {canCreate && (
        <form onSubmit={submit} aria-busy={create.pending} aria-label="New room" className="mt-6 space-y-3">
          <Alert message={create.error} />
          <div className="flex items-end gap-3">
            <Field
              label="Room name"
              name="roomName"
              required
              maxLength={200}
              placeholder="Weekly episode"
              className="flex-1"
              value={name}
              onChange={(e) => setName(e.target.value)}
            />
            <Button type="submit" disabled={create.pending}>
              New room
            </Button>
          </div>
        </form>
      )}

      <div className="mt-6">
        <UploadList uploads={uploads} />
      </div>

      <section aria-label="Rooms" className="mt-8">
        {rooms.status === 'loading' && <p className="text-neutral-400">Loading your rooms…</p>}
        {rooms.status === 'failed' && (
          <div className="space-y-3">
            <Alert message={rooms.message} />
            <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
              Try again
            </Button>
          </div>
        )}
        {rooms.status === 'ready' && rooms.rooms.length === 0 && (
          <p className="text-neutral-400">
            {canCreate ? 'No rooms yet. Name one above to make it.' : 'No rooms yet.'}
          </p>
        )}
        {rooms.status === 'ready' && rooms.rooms.length > 0 && <RoomList rooms={rooms.rooms} viewerId={user?.id ?? null} />}
      </section>
    </Layout>
  );
}
