import type { TrackProgress } from '../recording/upload-progress';
import { megabytes } from './model';
import { ownStatus } from './status';

/** What to ask before leaving with recordings not yet in the store; null when nothing is pending. */
export function leaveWarning(uploads: TrackProgress[] | null): string | null {
  if (!uploads) return null;
  const { state, pendingBytes } = ownStatus(uploads);
  if (state === 'idle' && pendingBytes === 0) return null;
  return `${megabytes(pendingBytes)} of your recordings has not reached the server yet. Leave anyway? ` +
    'Keep this browser: the upload resumes when you reopen the link.';
}
