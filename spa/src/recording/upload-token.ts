import { ApiError } from '../api/errors';
import type { ApiClient } from '../api/client';

type UploadCalls = Pick<ApiClient, 'createRecording' | 'presignParts' | 'listParts' | 'completeRecording' | 'deleteRecording'>;

/** What the uploader needs of the API; `withUploadToken` is absent in tests that do not care about tokens. */
export type UploadApi = UploadCalls & { withUploadToken?: (token: string) => UploadCalls };

/**
 * Sends each recording's upload calls with that recording's upload token when this browser holds
 * one (`tokenOf`), so the calls keep working after the session that created it has gone; without
 * a token they go with the session as before. The token opens nothing but its own recording.
 */
export function tokenScoped(api: UploadApi, tokenOf: (recordingId: string) => string | undefined): UploadApi {
  const via = (id: string): UploadCalls => {
    const token = tokenOf(id);
    return token && api.withUploadToken ? api.withUploadToken(token) : api;
  };
  return {
    createRecording: (...a) => api.createRecording(...a),
    presignParts: (...a) => via(a[0]).presignParts(...a),
    listParts: (...a) => via(a[0]).listParts(...a),
    completeRecording: async (...a) => {
      try {
        return await via(a[0]).completeRecording(...a);
      } catch (e) {
        // A token's complete retried after its answer was lost: the recording is saved, and the token closed.
        if (e instanceof ApiError && e.status === 409 && e.code === 'already_complete') {
          return { recording: { id: a[0], state: 'complete' } as Awaited<ReturnType<UploadCalls['completeRecording']>>['recording'] };
        }
        throw e;
      }
    },
    deleteRecording: (...a) => via(a[0]).deleteRecording(...a),
  };
}

/** The upload tokens of this browser's recordings, by server recording id: what `tokenScoped` sends. */
export class UploadTokens {
  private readonly byId = new Map<string, string>();

  remember(rec: { recordingId: string | null; uploadToken?: string | null }): void {
    if (rec.recordingId && rec.uploadToken) this.byId.set(rec.recordingId, rec.uploadToken);
  }

  scope(api: UploadApi): UploadApi {
    return tokenScoped(api, (id) => this.byId.get(id));
  }
}
