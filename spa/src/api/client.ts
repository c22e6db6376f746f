import { readCookie } from './cookies';
import { ApiError, errorFromBody, networkError } from './errors';
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
} from './types';

export { ApiError } from './errors';
export type * from './types';

export const CSRF_COOKIE = 'podster_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

export interface ApiClientOptions {
  /** Defaults to the global fetch, looked up on every call. */
  fetch?: typeof fetch;
  /** Defaults to `document.cookie`. */
  cookies?: () => string;
  /** Prefix for every path; defaults to same origin. */
  baseUrl?: string;
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
  joinInvite(code: string, body: JoinRequest): Promise<{ room: Room; user: User }>;
  listTakes(roomId: string): Promise<{ takes: Take[] }>;
  createRecording(body: { roomId: string; takeId: string; kind: RecordingKind; mimeType: string }): Promise<{ recording: Recording }>;
  presignParts(id: string, parts: PartRequest[]): Promise<{ parts: PartUrl[] }>;
  listParts(id: string): Promise<{ parts: StoredPart[] }>;
  completeRecording(
    id: string,
    body: { parts: { partNumber: number; etag: string }[]; durationMs?: number },
  ): Promise<{ recording: Recording }>;
  listRecordings(roomId: string): Promise<{ recordings: Recording[] }>;
  deleteRecording(id: string): Promise<void>;
}

/** Where the browser fetches a finished recording (a 302 to the store). */
export function downloadPath(recordingId: string): string {
  return `/api/recordings/${encodeURIComponent(recordingId)}/download`;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const doFetch: typeof fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const cookies = options.cookies ?? (() => (typeof document === 'undefined' ? '' : document.cookie));
  const baseUrl = options.baseUrl ?? '';

  async function request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET') {
      const token = readCookie(cookies(), CSRF_COOKIE);
      if (token !== null) headers[CSRF_HEADER] = token;
    }

    let response: Response;
    try {
      response = await doFetch(baseUrl + path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch {
      throw networkError();
    }

    const parsed = await readJson(response);
    if (!response.ok) throw errorFromBody(response.status, parsed.value);
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
    joinInvite: (code, body) => request('POST', `/api/invites/${segment(code)}/join`, body),
    listTakes: (roomId) => request('GET', `/api/rooms/${segment(roomId)}/takes`),
    createRecording: (body) => request('POST', '/api/recordings', body),
    presignParts: (id, parts) => request('POST', `/api/recordings/${segment(id)}/parts`, { parts }),
    listParts: (id) => request('GET', `/api/recordings/${segment(id)}/parts`),
    completeRecording: (id, body) => request('POST', `/api/recordings/${segment(id)}/complete`, body),
    listRecordings: (roomId) => request('GET', `/api/recordings?roomId=${segment(roomId)}`),
    deleteRecording: (id) => request('DELETE', `/api/recordings/${segment(id)}`),
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

/** The client the page uses: same origin, real fetch, real cookies. */
export const api: ApiClient = createApiClient();
