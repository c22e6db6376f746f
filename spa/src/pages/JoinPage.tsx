import { useState } from 'react';
import type { FormEvent } from 'react';
import { useApi } from '../api/ApiContext';
import { Alert } from '../components/Alert';
import { Button } from '../components/Button';
import { Field } from '../components/Field';
import { Layout } from '../components/Layout';
import { useAction } from '../hooks/useAction';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useHistory } from '../router/RouterContext';
import { roomPath } from '../router/routes';
import { useSession } from '../session/SessionContext';

/** A guest's way in: a name, then the room. No account needed. */
export function JoinPage({ code }: { code: string }) {
  const api = useApi();
  const session = useSession();
  const history = useHistory();
  const action = useAction();
  const [displayName, setDisplayName] = useState(session.user?.displayName ?? '');
  useDocumentTitle('Join a room');

  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    void action.run(async () => {
      const { room, user } = await api.joinInvite(code, { displayName: displayName.trim() });
      session.setUser(user);
      history.navigate(roomPath(String(room.id)));
    });
  };

  return (
    <Layout>
      <div className="mx-auto max-w-sm">
        <h1 className="text-2xl font-semibold tracking-tight">Join a room</h1>
        <p className="mt-2 text-sm text-neutral-400">You were invited to a Podster recording. Tell the others who you are.</p>
        <form onSubmit={submit} aria-busy={action.pending} aria-label="Join" className="mt-6 space-y-4">
          <Alert message={action.error} />
          <Field
            label="Display name"
            name="displayName"
            autoComplete="nickname"
            required
            autoFocus
            maxLength={100}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
          <Button type="submit" disabled={action.pending} className="w-full">
            Join
          </Button>
        </form>
      </div>
    </Layout>
  );
}
