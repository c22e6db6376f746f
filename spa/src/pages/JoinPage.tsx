import { useState } from 'react';
import { useApi } from '../api/ApiContext';
import { useHandOver } from '../call/HandOverContext';
import { Lobby } from '../components/Lobby';
import { detach } from '../hooks/useLocalMedia';
import { Field } from '../components/Field';
import { Layout } from '../components/Layout';
import { useAction } from '../hooks/useAction';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useUploads } from '../hooks/useUploads';
import { UploadList } from '../components/UploadList';
import { useHistory } from '../router/RouterContext';
import { roomPath } from '../router/routes';
import { useSession } from '../session/SessionContext';

/** A guest's way in: a name, then the room. No account needed. */
export function JoinPage({ code }: { code: string }) {
  const api = useApi();
  const handOver = useHandOver();
  const session = useSession();
  const history = useHistory();
  const action = useAction();
  const [displayName, setDisplayName] = useState(session.user?.displayName ?? '');
  useDocumentTitle('Join a room');
  const uploads = useUploads();

  const join = (stream: MediaStream | null, studioMic: MediaStreamTrack | null) => {
    const handed = stream ? detach(stream) : null;
    void action.run(async () => {
      try {
        const { room, user } = await api.joinInvite(code, { displayName: displayName.trim() });
        session.setUser(user);
        if (handed) handOver.give(String(room.id), handed, studioMic);
        history.navigate(roomPath(String(room.id)));
      } catch (e) {
        handed?.getTracks().forEach((t) => t.stop());
        studioMic?.stop();
        throw e;
      }
    });
  };

  return (
    <Layout>
      <div className="mx-auto max-w-md">
        <h1 className="text-2xl font-semibold tracking-tight">Join a room</h1>
        <p className="mt-2 text-sm text-neutral-400">You were invited to a Podster recording. Tell the others who you are.</p>
        <div className="mt-6">
          <Lobby onJoin={join} pending={action.pending} error={action.error}>
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
          </Lobby>
        </div>
        {/* A track left from an earlier visit finishes uploading here, even before (or without) joining again. */}
        <div className="mt-6">
          <UploadList uploads={uploads} />
        </div>
      </div>
    </Layout>
  );
}
