import { afterEach, describe, expect, it, vi } from 'vitest';
import { seeded } from '../test/seeded';
import { ApiError, createApiClient } from './client';

interface Call {
  url: string;
  init: RequestInit;
}

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });
}

/** A fetch that records each call and answers from the queue. */
function fakeFetch(...answers: Array<Response | Error>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    const next = answers.shift();
    if (next === undefined) throw new Error('unexpected request');
    if (next instanceof Error) throw next;
    return next;
  });
  return { fetch: fn as unknown as typeof fetch, calls };
}

function headersOf(call: Call | undefined): Record<string, string> {
  return (call?.init.headers ?? {}) as Record<string, string>;
}

const user = { id: 'u1', email: 'ada@example.org', displayName: 'Ada', role: 'user' };
const room = { id: 'r1', name: 'Weekly', ownerId: 'u1', inviteCode: 'inv-1', createdAt: '2025-01-01T00:00:00Z' };

describe('api client', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('sends the podster_csrf cookie value as X-CSRF-Token on POST', async () => {
    const f = fakeFetch(json(201, { room }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => 'other=1; podster_csrf=tok%3D42' });

    const answer = await api.createRoom({ name: 'Weekly' });

    expect(answer).toEqual({ room });
    expect(f.calls).toHaveLength(1);
    expect(f.calls[0]?.url).toBe('/api/rooms');
    expect(f.calls[0]?.init.method).toBe('POST');
    expect(f.calls[0]?.init.credentials).toBe('same-origin');
    expect(f.calls[0]?.init.body).toBe(JSON.stringify({ name: 'Weekly' }));
    expect(headersOf(f.calls[0])['X-CSRF-Token']).toBe('tok=42');
    expect(headersOf(f.calls[0])['Content-Type']).toBe('application/json');
  });

  it('asks for a new invite code with POST /api/rooms/{id}/invite, as JSON with the CSRF header', async () => {
    const renewed = { ...room, inviteCode: 'inv-2' };
    const f = fakeFetch(json(200, { room: renewed }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => 'podster_csrf=tok' });

    expect(await api.newInvite('r/1')).toEqual({ room: renewed });
    expect(f.calls[0]?.url).toBe('/api/rooms/r%2F1/invite');
    expect(f.calls[0]?.init.method).toBe('POST');
    expect(headersOf(f.calls[0])['X-CSRF-Token']).toBe('tok');
    expect(headersOf(f.calls[0])['Content-Type']).toBe('application/json');
  });

  it('sets the room\'s recording quality with PATCH /api/rooms/{id}, as JSON with the CSRF header', async () => {
    const f = fakeFetch(json(200, { room: { ...room, videoQuality: '720p' } }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => 'podster_csrf=tok' });
    expect((await api.setVideoQuality('r1', '720p')).room.videoQuality).toBe('720p');
    expect(f.calls[0]?.url).toBe('/api/rooms/r1');
    expect(f.calls[0]?.init.method).toBe('PATCH');
    expect(f.calls[0]?.init.body).toBe('{"videoQuality":"720p"}');
    expect(headersOf(f.calls[0])['X-CSRF-Token']).toBe('tok');
  });

  it('sends a recording\'s upload token instead of cookies, with no CSRF header', async () => {
    const f = fakeFetch(json(200, { parts: [] }), json(200, { parts: [] }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => 'podster_csrf=tok' }).withUploadToken('secret-1');

    await api.presignParts('rec 1', [{ partNumber: 2, size: 5_242_880 }]);
    await api.listParts('rec 1');

    expect(f.calls[0]?.url).toBe('/api/recordings/rec%201/parts');
    expect(f.calls[0]?.init.credentials).toBe('omit');
    expect(headersOf(f.calls[0])['X-Upload-Token']).toBe('secret-1');
    expect(headersOf(f.calls[0])).not.toHaveProperty('X-CSRF-Token');
    expect(f.calls[1]?.init.credentials).toBe('omit');
    expect(headersOf(f.calls[1])['X-Upload-Token']).toBe('secret-1');
  });

  it('sends no CSRF header on GET', async () => {
    const f = fakeFetch(json(200, { rooms: [room] }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => 'podster_csrf=tok' });

    expect(await api.listRooms()).toEqual({ rooms: [room] });
    expect(f.calls[0]?.init.method).toBe('GET');
    expect(f.calls[0]?.init.credentials).toBe('same-origin');
    expect(headersOf(f.calls[0])).not.toHaveProperty('X-CSRF-Token');
    expect(f.calls[0]?.init.body).toBeUndefined();
  });

  it('omits the CSRF header when there is no cookie yet (signup)', async () => {
    const f = fakeFetch(json(201, { user }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => '' });

    await api.signup({ email: 'ada@example.org', password: 'longenough', displayName: 'Ada' });

    expect(f.calls[0]?.url).toBe('/api/auth/signup');
    expect(headersOf(f.calls[0])).not.toHaveProperty('X-CSRF-Token');
    expect(JSON.parse(String(f.calls[0]?.init.body))).toEqual({
      email: 'ada@example.org',
      password: 'longenough',
      displayName: 'Ada',
    });
  });

  it('reads the cookie at request time, not when the client was made', async () => {
    let jar = '';
    const f = fakeFetch(json(200, { user }), new Response(null, { status: 204 }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => jar });

    await api.login({ email: 'ada@example.org', password: 'longenough' });
    jar = 'podster_csrf=fresh';
    await api.logout();

    expect(headersOf(f.calls[0])).not.toHaveProperty('X-CSRF-Token');
    expect(f.calls[1]?.url).toBe('/api/auth/logout');
    expect(headersOf(f.calls[1])['X-CSRF-Token']).toBe('fresh');
  });

  it('parses an error envelope into ApiError with status, code and message', async () => {
    const f = fakeFetch(
      json(409, { error: { code: 'email_taken', message: 'That email already has an account.' } }),
    );
    const api = createApiClient({ fetch: f.fetch, cookies: () => '' });

    const error = await api
      .signup({ email: 'ada@example.org', password: 'longenough', displayName: 'Ada' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      status: 409,
      code: 'email_taken',
      message: 'That email already has an account.',
    });
  });

  it('turns an error without the envelope into a readable ApiError', async () => {
    const f = fakeFetch(new Response('<html>Bad Gateway</html>', { status: 502 }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => '' });

    const error = await api.listRooms().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 502, code: 'http_502' });
    expect((error as ApiError).message).toMatch(/try again/i);
  });

  it('retries a GET answered 503 unavailable, after at least its Retry-After, then gives up', async () => {
    const unavailable = (retryAfter: string) =>
      new Response(JSON.stringify({ error: { code: 'unavailable', message: 'The database is unavailable.' } }), {
        status: 503,
        headers: { 'Content-Type': 'application/json', 'Retry-After': retryAfter },
      });
    const slept: number[] = [];
    const now = Date.parse('Tue, 01 Dec 2026 10:00:00 GMT');
    const options = { cookies: () => '', sleep: async (ms: number) => void slept.push(ms), now: () => now, backoff: { random: seeded(3) } };

    const f = fakeFetch(unavailable('3'), unavailable('Tue, 01 Dec 2026 10:00:07 GMT'), json(200, { rooms: [room] }));
    expect(await createApiClient({ ...options, fetch: f.fetch }).listRooms()).toEqual({ rooms: [room] });
    expect(f.calls).toHaveLength(3);
    expect(slept).toHaveLength(2);
    expect(slept[0]).toBeGreaterThanOrEqual(3000);
    expect(slept[0]).toBeLessThan(3500); // plus jitter under the first ceiling
    expect(slept[1]).toBeGreaterThanOrEqual(7000);
    expect(slept[1]).toBeLessThan(8000);

    slept.length = 0;
    const down = fakeFetch(unavailable('1'), unavailable('1'), unavailable('1'));
    const error = await createApiClient({ ...options, fetch: down.fetch }).listRooms().catch((e: unknown) => e);
    expect(down.calls).toHaveLength(3);
    expect(error).toMatchObject({ status: 503, code: 'unavailable', retryAfterMs: 1000 });
  });

  it('does not repeat a POST on 503 (the caller knows if that is safe) but hands it the Retry-After', async () => {
    const f = fakeFetch(
      new Response(JSON.stringify({ error: { code: 'unavailable', message: 'The database is unavailable.' } }), {
        status: 503,
        headers: { 'Retry-After': '4' },
      }),
    );
    const slept: number[] = [];
    const api = createApiClient({ fetch: f.fetch, cookies: () => '', sleep: async (ms) => void slept.push(ms) });
    const error = await api.createRoom({ name: 'x' }).catch((e: unknown) => e);
    expect(f.calls).toHaveLength(1);
    expect(slept).toEqual([]);
    expect(error).toMatchObject({ status: 503, code: 'unavailable', retryAfterMs: 4000 });
  });

  it('maps a failed fetch to an ApiError with code network', async () => {
    const f = fakeFetch(new TypeError('Failed to fetch'));
    const api = createApiClient({ fetch: f.fetch, cookies: () => '' });

    const error = await api.login({ email: 'a@b.c', password: 'x' }).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 0, code: 'network' });
    expect((error as ApiError).message).toMatch(/could not reach podster/i);
  });

  it('me() answers null on 401', async () => {
    const f = fakeFetch(json(401, { error: { code: 'unauthenticated', message: 'Please log in.' } }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => '' });

    expect(await api.me()).toBeNull();
    expect(f.calls[0]?.url).toBe('/api/me');
  });

  it('me() answers the user when signed in', async () => {
    const f = fakeFetch(json(200, { user }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => '' });

    expect(await api.me()).toEqual({ user });
  });

  it('me() still throws other failures', async () => {
    const f = fakeFetch(json(500, { error: { code: 'internal', message: 'Database is down.' } }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => '' });

    await expect(api.me()).rejects.toMatchObject({ status: 500, code: 'internal' });
  });

  it('logout() accepts 204 with no body', async () => {
    const f = fakeFetch(new Response(null, { status: 204 }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => 'podster_csrf=t' });

    await expect(api.logout()).resolves.toBeUndefined();
    expect(f.calls[0]?.init.method).toBe('POST');
  });

  it('rejects a 200 whose body is not JSON', async () => {
    const f = fakeFetch(new Response('<!doctype html>', { status: 200 }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => '' });

    await expect(api.listRooms()).rejects.toMatchObject({ code: 'bad_response' });
  });

  it('encodes path parameters for getRoom and joinInvite', async () => {
    const f = fakeFetch(json(200, { room }), json(200, { room, user }));
    const api = createApiClient({ fetch: f.fetch, cookies: () => 'podster_csrf=t' });

    await api.getRoom('a/b');
    const joined = await api.joinInvite('c?d', { displayName: 'Guest' });

    expect(f.calls[0]?.url).toBe('/api/rooms/a%2Fb');
    expect(f.calls[1]?.url).toBe('/api/invites/c%3Fd/join');
    expect(JSON.parse(String(f.calls[1]?.init.body))).toEqual({ displayName: 'Guest' });
    expect(joined).toEqual({ room, user });
  });

  it('uses the global fetch when none is injected', async () => {
    const f = fakeFetch(json(200, { user }));
    vi.stubGlobal('fetch', f.fetch);
    const api = createApiClient({ cookies: () => '' });

    expect(await api.me()).toEqual({ user });
    expect(f.calls).toHaveLength(1);
  });
});
