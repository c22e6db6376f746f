import { useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { describeError } from '../api/errors';
import type { Room } from '../api/types';
import { Alert } from '../components/Alert';
import { Layout, linkClass } from '../components/Layout';
import { LogoutButton } from '../components/LogoutButton';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import { Link } from '../router/RouterContext';

type RoomState = { status: 'loading' } | { status: 'ready'; room: Room } | { status: 'failed'; message: string };

/** A room's page. The call itself comes in a later issue; for now it names the room honestly. */
export function RoomPage({ id }: { id: string }) {
  const api = useApi();
  const [state, setState] = useState<RoomState>({ status: 'loading' });
  useDocumentTitle(state.status === 'ready' ? state.room.name : 'Room');

  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    api.getRoom(id).then(
      ({ room }) => !cancelled && setState({ status: 'ready', room }),
      (e: unknown) => !cancelled && setState({ status: 'failed', message: describeError(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, id]);

  return (
    <Layout actions={<LogoutButton />}>
      {state.status === 'loading' && <p className="text-neutral-400">Opening the room…</p>}
      {state.status === 'failed' && <Alert message={state.message} />}
      {state.status === 'ready' && <RoomReady room={state.room} />}
      <p className="mt-10 text-sm">
        <Link to="/" className={linkClass}>
          ← Back to your rooms
        </Link>
      </p>
    </Layout>
  );
}

function RoomReady({ room }: { room: Room }) {
  const heading = useFocusOnMount<HTMLHeadingElement>();
  return (
    <>
      <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold tracking-tight outline-none">
        {room.name}
      </h1>
      <div className="mt-6 rounded-lg border border-dashed border-neutral-700 px-6 py-12 text-center text-neutral-300">
        The call opens here soon.
      </div>
    </>
  );
}
