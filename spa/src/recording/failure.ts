import { ApiError } from '../api/errors';

/**
 * What a person can do about an upload that stopped for good. The recording stays in this
 * browser until they retry or discard it, so every sentence names the way forward.
 */
export function describeUploadFailure(e: unknown): string {
  if (e instanceof ApiError) {
    if (e.status === 413 || e.code === 'quota_exceeded') {
      return 'Your storage is full. Delete old takes from your rooms, then try again.';
    }
    if (e.status === 401) return 'You were logged out. Log in again in this browser, then try again.';
    if (e.status === 403 || e.status === 404) {
      return 'Podster no longer accepts this recording (the take or room is gone, or it is not yours). Discard it.';
    }
    return `${e.message} Try again.`;
  }
  const message = e instanceof Error ? e.message : String(e);
  return `This recording could not be finished (${message}). Try again, or discard it.`;
}
