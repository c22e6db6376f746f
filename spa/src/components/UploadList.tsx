import { useUploadActions } from '../hooks/useUploads';
import type { TrackProgress } from '../recording/uploader';
import { Button } from './Button';

const mb = (n: number) => `${(n / 1_048_576).toFixed(1)} MB`;

/** This browser's tracks on their way to the store, and the all-clear once they are there. */
export function UploadList({ uploads }: { uploads: TrackProgress[] | null }) {
  if (!uploads || uploads.length === 0) return null;
  const pending = uploads.filter((u) => u.state === 'recording' || u.state === 'uploading');
  const failed = uploads.filter((u) => u.state === 'failed');
  return (
    <section aria-label="Your uploads" className="space-y-2 rounded-lg border border-neutral-800 p-3 text-sm">
      {pending.length === 0 && failed.length === 0 ? (
        <p role="status" className="font-medium text-emerald-300">
          All recordings saved — safe to close
        </p>
      ) : pending.length === 0 ? (
        <p role="status" className="text-red-300">
          {failed.length} recording{failed.length === 1 ? '' : 's'} could not be saved — they stay in this browser until you try again or discard them
        </p>
      ) : (
        <p role="status" className="text-amber-300">
          {pending.length} recording{pending.length === 1 ? '' : 's'} still uploading — keep this tab open
        </p>
      )}
      <ul className="space-y-1">
        {uploads.map((u) => {
          const pct = u.bytesRecorded > 0 ? Math.round((100 * u.bytesUploaded) / u.bytesRecorded) : 0;
          return (
            <li key={u.localId} data-upload-state={u.state} className="flex flex-wrap items-center gap-3">
              <span className="w-40 truncate">
                {u.label} · {u.kind}
              </span>
              <progress max={100} value={pct} aria-label={`Upload of ${u.label}'s ${u.kind}`} className="flex-1" />
              {u.state === 'failed' ? (
                <FailedActions upload={u} />
              ) : (
                <span className="w-48 text-right text-neutral-400">{`${u.state} · ${mb(u.bytesUploaded)} / ${mb(u.bytesRecorded)}`}</span>
              )}
              {u.held && (
                <p role="alert" className="w-full text-amber-300">
                  {`This browser would not store ${mb(u.held.bytes)} of ${u.label}'s ${u.kind} (${u.held.reason}). It is kept in this tab and stored as soon as there is room: free some disk space and keep this tab open.`}
                </p>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function FailedActions({ upload }: { upload: TrackProgress }) {
  const actions = useUploadActions();
  const what = `${upload.label}'s ${upload.kind}`;
  const discard = () => {
    if (window.confirm(`Discard ${what}? It has not reached the server and cannot be recovered.`)) actions.discard(upload.localId);
  };
  return (
    <span className="flex flex-wrap items-center justify-end gap-2">
      <span role="alert" className="text-red-300">
        {upload.error ?? 'Upload failed.'}
      </span>
      <Button variant="secondary" aria-label={`Try again: ${what}`} onClick={() => actions.retry(upload.localId)}>
        Try again
      </Button>
      <Button variant="secondary" aria-label={`Discard ${what}`} onClick={discard}>
        Discard
      </Button>
    </span>
  );
}
