import { ApiError } from '../api/errors';
import { parseRetryAfter } from '../api/retry';
import type { UploadApi } from './upload-token';

/**
 * One try at putting a part in the object store: a presigned URL for it, then the PUT. Returns
 * the store's ETag; throws an ApiError the caller's retry judges (upload-retry: a network failure,
 * an expired URL's 403, a 5xx are tried again), anything else fails the recording.
 */
export async function putPart(api: Pick<UploadApi, 'presignParts'>, fetch: typeof globalThis.fetch, recordingId: string, partNumber: number, body: Uint8Array): Promise<string> {
  // The URL is bound to this exact length: part 1 and the trailer as finished, not as packed.
  const { parts } = await api.presignParts(recordingId, [{ partNumber, size: body.byteLength }]);
  const url = parts[0]?.url;
  if (!url) throw new Error('no upload address');
  let res: Response;
  try {
    res = await fetch(url, { method: 'PUT', body: body as BodyInit });
  } catch {
    throw new ApiError(0, 'network', 'The object store cannot be reached.');
  }
  const tag = res.headers.get('ETag');
  if (res.ok && tag) return tag;
  // A 200 without an ETag is no proof the part is stored: status 0 makes it retried.
  throw new ApiError(res.ok ? 0 : res.status, 'store', `The object store answered ${res.status}.`, parseRetryAfter(res.headers.get('Retry-After'), Date.now()));
}
