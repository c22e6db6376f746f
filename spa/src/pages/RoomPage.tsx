import { useCallback, useEffect, useState } from 'react';
import { useApi } from '../api/ApiContext';
import { describeError } from '../api/errors';
import type { Room, VideoQuality } from '../api/types';
import { DEFAULT_QUALITY } from '../recording/capture-settings';
import { refitCamera } from '../recording/camera-refit';
import { Alert } from '../components/Alert';
import { Layout, linkClass } from '../components/Layout';
import { LogoutButton } from '../components/LogoutButton';
import { useDocumentTitle } from '../hooks/useDocumentTitle';
import { useFocusOnMount } from '../hooks/useFocusOnMount';
import { Link, useHistory } from '../router/RouterContext';
import { CallSession } from '../call/session';
import { useHandOver } from '../call/HandOverContext';
import { CallView } from '../components/CallView';
import { Lobby } from '../components/Lobby';
import { detach } from '../hooks/useLocalMedia';
import { persistRecordings } from '../hooks/useStorageSpace';
import { openPcmSource } from '../recording/pcm-source';
import { useRecordingService } from '../recording/RecordingContext';
import { exposeToTests } from '../test-hooks';
import { useSession } from '../session/SessionContext';

type RoomState = { status: 'loading' } | { status: 'ready'; room: Room } | { status: 'failed'; message: string };

/** A room's page: the lobby, then the call. */
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
    <Layout wide actions={<LogoutButton />}>
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
  const api = useApi();
  const recording = useRecordingService();
  const handOver = useHandOver();
  const { user } = useSession();
  const isHost = user?.id === room.ownerId;
  const [quality, setQuality] = useState<VideoQuality>(room.videoQuality ?? DEFAULT_QUALITY);
  const [qualityError, setQualityError] = useState<string | null>(null);
  const chooseQuality = (q: VideoQuality) => {
    setQuality(q);
    setQualityError(null);
    api.setVideoQuality(room.id, q).catch((e: unknown) => setQualityError(`The recording quality was not saved: ${describeError(e)}`));
  };
  const history = useHistory();
  const [session, setSession] = useState<CallSession | null>(null);
  const [studioError, setStudioError] = useState<string | null>(null);
  const myName = user?.displayName ?? 'You';

  const enter = useCallback(
    (stream: MediaStream, studioMic: MediaStreamTrack | null) => {
      // Before the first take: recorded chunks must survive storage pressure until uploaded.
      void persistRecordings();
      // A guest's camera was opened on the invite page, before the room's quality was known.
      const refitted = refitCamera(stream, quality, (c) => navigator.mediaDevices.getUserMedia(c)).catch(() => 'kept');
      const lossless = studioMic
        ? openPcmSource(studioMic, (e) => setStudioError(`The lossless microphone track stopped recording: ${e.message}`)).catch((e: unknown) => {
            studioMic.stop();
            setStudioError(`The lossless microphone track cannot be recorded: ${e instanceof Error ? e.message : String(e)}`);
            return null;
          })
        : Promise.resolve(null);
      void Promise.all([lossless, refitted]).then(([l]) => {
        if (l) exposeToTests({ studioMic: () => l.settings });
        const call = new CallSession(room.id, stream, { displayName: myName }, recording, { listTakes: () => api.listTakes(room.id).then((r) => r.takes) }, l);
        void recording.then((svc) => call.reporter.watch(svc.uploader, { video: () => stream.getVideoTracks()[0]?.getSettings(), losslessRate: l?.format.sampleRate ?? null }));
        setSession(call);
      });
    },
    [api, recording, room.id, myName, quality],
  );

  useEffect(() => {
    const handed = handOver.take(room.id);
    if (handed) enter(handed.stream, handed.studioMic);
  }, [handOver, room.id, enter]);

  useEffect(() => () => session?.close(), [session]);

  const leave = () => {
    void session?.leave();
    setSession(null);
    history.navigate('/');
  };

  return (
    <>
      <h1 ref={heading} tabIndex={-1} className="text-2xl font-semibold tracking-tight outline-none">
        {room.name}
      </h1>
      <div className="mt-6">
        <Alert message={studioError} />
        {session ? (
          <CallView session={session} isHost={isHost} myName={myName} onLeave={leave} />
        ) : (
          <>
            <Alert message={qualityError} />
            <Lobby
              quality={quality}
              {...(isHost ? { onQualityChange: chooseQuality } : {})}
              onJoin={(stream, studioMic) => enter(stream ? detach(stream) : new MediaStream(), studioMic)}
            />
          </>
        )}
      </div>
    </>
  );
}
