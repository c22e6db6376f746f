import { useState, useSyncExternalStore, type FormEvent } from 'react';
import type { CallSession } from '../call/session';
import { useUploads } from '../hooks/useUploads';
import type { RemotePeer } from '../rtc/mesh';
import { Alert } from './Alert';
import { Button } from './Button';
import { UploadList } from './UploadList';
import { RecordingBoard } from './RecordingBoard';
import { RecordingTimer } from './RecordingTimer';
import { leaveWarning } from '../board/leave';
import { VideoTile } from './VideoTile';

const qualityLabel = { good: 'good network', fair: 'fair network', poor: 'poor network', unknown: 'network unknown' } as const;
const qualityColor = { good: 'bg-emerald-400', fair: 'bg-amber-400', poor: 'bg-red-500', unknown: 'bg-neutral-500' } as const;

/** The call: everyone's video, the controls, chat, and (for the host) Record and kick. */
export function CallView({ session, isHost, myName, onLeave }: { session: CallSession; isHost: boolean; myName: string; onLeave: () => void }) {
  const s = useSyncExternalStore(session.subscribe, session.getSnapshot);
  const uploads = useUploads();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const attempt = (p: Promise<unknown>) => p.catch((e: unknown) => setProblem(e instanceof Error ? e.message : String(e)));

  if (s.kicked) return <Alert message="The host removed you from this room." />;

  const send = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const t = text.trim();
    if (!t) return;
    setText('');
    void attempt(session.chat(t));
  };

  return (
    <div className="space-y-4">
      <Alert message={problem ?? s.error} />
      <div className="flex flex-wrap items-center gap-3 text-sm">
        {s.connection !== 'open' && <span role="status">{s.connection === 'reconnecting' ? 'Reconnecting…' : 'Connecting…'}</span>}
        {s.recording && (
          <span role="status" className="inline-flex items-center gap-2 font-semibold text-red-400">
            <span aria-hidden className="h-2.5 w-2.5 animate-pulse rounded-full bg-red-500" />
            {s.countdown > 0 ? `Recording starts — ${s.countdown}` : 'Recording'}
          </span>
        )}
        {s.recording && <RecordingTimer startAt={s.recording.startAt ?? s.recording.startedAt} toLocal={(ms) => session.clock.clock.toLocal(ms)} />}
      </div>
      <div className="grid grid-cols-1 gap-3 sm:grid-cols-2">
        <VideoTile stream={session.local} label={`${myName} (you)`} muted mirrored>
          {!s.media.audio && <span>muted</span>}
        </VideoTile>
        {s.screen && <VideoTile stream={s.screen} label="Your screen" muted />}
        {s.peers.map((p) => (
          <RemoteTile key={p.info.peerId} peer={p} isHost={isHost} onKick={() => confirmKick(p.info.displayName) && void attempt(session.kick(p.info.peerId))} />
        ))}
      </div>
      <div className="flex flex-wrap gap-2">
        <Button variant="secondary" onClick={() => session.setAudio(!s.media.audio)}>
          {s.media.audio ? 'Mute' : 'Unmute'}
        </Button>
        {/* Joined without a camera: nothing to switch on. */}
        <Button
          variant="secondary"
          onClick={() => session.setVideo(!s.media.video)}
          disabled={!session.hasCamera}
          title={session.hasCamera ? undefined : 'You joined without a camera'}
        >
          {s.media.video ? 'Camera off' : 'Camera on'}
        </Button>
        {s.screen ? (
          <Button variant="secondary" onClick={() => void attempt(session.stopScreen())}>
            Stop sharing
          </Button>
        ) : (
          <Button variant="secondary" onClick={() => void attempt(session.shareScreen())}>
            Share screen
          </Button>
        )}
        {isHost &&
          (s.recording ? (
            <Button onClick={() => void attempt(session.stopRecording())}>Stop recording</Button>
          ) : (
            <Button onClick={() => void attempt(session.startRecording())} disabled={s.connection !== 'open'}>
              Record
            </Button>
          ))}
        <Button variant="secondary" onClick={() => confirmLeave(uploads) && onLeave()}>
          Leave
        </Button>
      </div>
      {isHost && <RecordingBoard board={session.board} />}
      <UploadList uploads={uploads} />
      <section aria-label="Chat" className="rounded-lg border border-neutral-800 p-3">
        <ul className="max-h-48 space-y-1 overflow-y-auto text-sm" aria-live="polite">
          {s.chat.map((c) => (
            <li key={c.key}>
              <span className="font-semibold">{c.displayName}:</span> {c.text}
            </li>
          ))}
        </ul>
        <form onSubmit={send} className="mt-2 flex gap-2">
          <label className="sr-only" htmlFor="chat-input">
            Message
          </label>
          <input id="chat-input" value={text} maxLength={2000} onChange={(e) => setText(e.target.value)} className="flex-1 rounded bg-neutral-900 px-2 py-1 text-sm" />
          <Button type="submit" variant="secondary">
            Send
          </Button>
        </form>
      </section>
    </div>
  );
}

/** Leaving with uploads pending loses nothing (they resume), but the person should know first. */
function confirmLeave(uploads: Parameters<typeof leaveWarning>[0]): boolean {
  const warning = leaveWarning(uploads);
  return warning === null || window.confirm(warning);
}

/** Removing someone cannot be undone in this session, so a stray click must not do it. */
function confirmKick(name: string): boolean {
  return window.confirm(`Remove ${name} from the room? They will not be able to rejoin with the same session.`);
}

function RemoteTile({ peer, isHost, onKick }: { peer: RemotePeer; isHost: boolean; onKick: () => void }) {
  const { info } = peer;
  return (
    <>
      <VideoTile stream={peer.camera} label={info.displayName} peerId={info.peerId}>
        <span className="flex items-center gap-2">
          {!info.state.audio && <span>muted</span>}
          {!info.state.video && <span>camera off</span>}
          <span role="img" aria-label={qualityLabel[peer.quality]} className={`inline-block h-2 w-2 rounded-full ${qualityColor[peer.quality]}`} />
          {isHost && info.role !== 'host' && (
            <button type="button" onClick={onKick} className="underline">
              Remove {info.displayName}
            </button>
          )}
        </span>
      </VideoTile>
      {peer.screen && <VideoTile stream={peer.screen} label={`${info.displayName}'s screen`} />}
    </>
  );
}
