import type { TrackTiming } from '../sync/placement';
import { readCookie } from './cookies';
import { ApiError, errorFromBody, networkError } from './errors';
import { backoffDelay, parseRetryAfter, type BackoffOptions } from './retry';
import type {
  JoinRequest,
  LoginRequest,
  PartRequest,
  PartUrl,
  Recording,
  RecordingKind,
  Room,
  SignupRequest,
  StoredPart,
  Take,
  User,
  VideoQuality,
} from './types';

export { ApiError } from './errors';
export type * from './types';

export const CSRF_COOKIE = 'podster_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';
/** A recording's upload token (from `createRecording`): stands in for the session on that recording's upload calls. */
export const UPLOAD_TOKEN_HEADER = 'X-Upload-Token';

export interface ApiClientOptions {
  /** Defaults to the global fetch, looked up on every call. */
  fetch?: typeof fetch;
  /** Defaults to `document.cookie`. */
  cookies?: () => string;
  /** Prefix for every path; defaults to same origin. */
  baseUrl?: string;
  /**
   * How often an idempotent request (GET, PUT, DELETE) is retried after a 503 (a database or
   * store outage: the server says it did nothing). POSTs are not: their callers know whether a
   * repeat is safe (the uploader retries its own). Defaults to 2.
   */
  unavailableRetries?: number;
  /** For tests: the wait between those retries, the clock `Retry-After` dates are read against, the jitter. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  backoff?: BackoffOptions;
  /** Sent instead of cookies (so with no CSRF header, like Bearer): see `withUploadToken`. */
  uploadToken?: string;
}

export interface ApiClient {
  signup(body: SignupRequest): Promise<{ user: User }>;
  login(body: LoginRequest): Promise<{ user: User }>;
  logout(): Promise<void>;
  /** The signed-in user, or null when not signed in (401). */
  me(): Promise<{ user: User } | null>;
  createRoom(body: { name: string }): Promise<{ room: Room }>;
  listRooms(): Promise<{ rooms: Room[] }>;
  getRoom(id: string): Promise<{ room: Room }>;
  /** Host only: a new invite code; the old link stops working at once. */
  newInvite(roomId: string): Promise<{ room: Room }>;
  /** Host only: the recording quality of everyone's camera in the room. */
  setVideoQuality(roomId: string, videoQuality: VideoQuality): Promise<{ room: Room }>;
  joinInvite(code: string, body: JoinRequest): Promise<{ room: Room; user: User }>;
  listTakes(roomId: string): Promise<{ takes: Take[] }>;
  /** Host only: names a take (1–100 characters). */
  renameTake(roomId: string, takeId: string, name: string): Promise<{ take: Take }>;
  /** Host only: deletes a stopped take and every track of it from the store; 409 `take_running` while it records. */
  deleteTake(roomId: string, takeId: string): Promise<void>;
  /** `uploadToken` is shown once: the browser keeps it with the recording to finish it without a session. */
  createRecording(body: { roomId: string; takeId: string; kind: RecordingKind; mimeType: string }): Promise<{ recording: Recording; uploadToken?: string }>;
  presignParts(id: string, parts: PartRequest[]): Promise<{ parts: PartUrl[] }>;
  listParts(id: string): Promise<{ parts: StoredPart[] }>;
  completeRecording(
    id: string,
    body: { parts: { partNumber: number; etag: string }[]; durationMs?: number; timing?: TrackTiming },
  ): Promise<{ recording: Recording }>;
  listRecordings(roomId: string): Promise<{ recordings: Recording[] }>;
  deleteRecording(id: string): Promise<void>;
  /**
   * The same client, authorised by a recording's upload token and sending no cookies. The server
   * honours it only for that recording's presign, list parts, complete and delete while it uploads.
   */
  withUploadToken(token: string): ApiClient;
}

/** Where the browser fetches a finished recording (a 302 to the store). */
export function downloadPath(recordingId: string): string {
  return `/api/recordings/${encodeURIComponent(recordingId)}/download`;
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const cookies = options.cookies ?? (() => (typeof document === 'undefined' ? '' : document.cookie));
  const baseUrl = options.baseUrl ?? '';
  const unavailableRetries = options.unavailableRetries ?? 2;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? (() => Date.now());

  async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await requestOnce<T>(method, path, body);
      } catch (e) {
        const again = method !== 'POST' && attempt < unavailableRetries && e instanceof ApiError && e.status === 503;
        if (!again) throw e;
        await sleep(backoffDelay(attempt, e.retryAfterMs, options.backoff));
      }
    }
  }

  async function requestOnce<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (options.uploadToken !== undefined) {
      headers[UPLOAD_TOKEN_HEADER] = options.uploadToken;
    } else if (method !== 'GET') {
      const token = readCookie(cookies(), CSRF_COOKIE);
      if (token !== null) headers[CSRF_HEADER] = token;
    }

    let response: Response;
    try {
      response = await doFetch(baseUrl + path, {
        method,
        headers,
        credentials: options.uploadToken === undefined ? 'same-origin' : 'omit',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw networkError();
    }

    const parsed = await readJson(response);
    if (!response.ok) throw errorFromBody(response.status, parsed.value, parseRetryAfter(response.headers.get('Retry-After'), now()));
    if (response.status === 204) return undefined as T;
    if (!parsed.ok) {
      throw new ApiError(response.status, 'bad_response', 'Podster sent an answer this page cannot read.');
    }
    return parsed.value as T;
  }

  const segment = encodeURIComponent;

  return {
    signup: (body) => request('POST', '/api/auth/signup', body),
    login: (body) => request('POST', '/api/auth/login', body),
    logout: () => request('POST', '/api/auth/logout'),
    me: async () => {
      try {
        return await request<{ user: User }>('GET', '/api/me');
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) return null;
        throw e;
      }
    },
    createRoom: (body) => request('POST', '/api/rooms', body),
    listRooms: () => request('GET', '/api/rooms'),
    getRoom: (id) => request('GET', `/api/rooms/${segment(id)}`),
    newInvite: (roomId) => request('POST', `/api/rooms/${segment(roomId)}/invite`, {}),
    setVideoQuality: (roomId, videoQuality) => request('PATCH', `/api/rooms/${segment(roomId)}`, { videoQuality }),
    joinInvite: (code, body) => request('POST', `/api/invites/${segment(code)}/join`, body),
    listTakes: (roomId) => request('GET', `/api/rooms/${segment(roomId)}/takes`),
    renameTake: (roomId, takeId, name) => request('PATCH', `/api/rooms/${segment(roomId)}/takes/${segment(takeId)}`, { name }),
    deleteTake: (roomId, takeId) => request('DELETE', `/api/rooms/${segment(roomId)}/takes/${segment(takeId)}`),
    createRecording: (body) => request('POST', '/api/recordings', body),
    presignParts: (id, parts) => request('POST', `/api/recordings/${segment(id)}/parts`, { parts }),
    listParts: (id) => request('GET', `/api/recordings/${segment(id)}/parts`),
    completeRecording: (id, body) => request('POST', `/api/recordings/${segment(id)}/complete`, body),
    listRecordings: (roomId) => request('GET', `/api/recordings?roomId=${segment(roomId)}`),
    deleteRecording: (id) => request('DELETE', `/api/recordings/${segment(id)}`),
    withUploadToken: (token) => createApiClient({ ...options, uploadToken: token }),
  };
}

async function readJson(response: Response): Promise<{ ok: boolean; value: unknown }> {
  let text: string;
  try {
    text = await response.text();
  } catch {
    return { ok: false, value: undefined };
  }
  if (text === '') return { ok: false, value: undefined };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, value: undefined };
  }
}
