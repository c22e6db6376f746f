/** The page's addresses. The backend answers index.html for /rooms/{id} and /join/{code}. */
export type Route =
  | { name: 'home' }
  | { name: 'room'; id: string }
  | { name: 'join'; code: string }
  | { name: 'notFound' };

export type AuthMode = 'login' | 'signup';

export function matchRoute(pathname: string): Route {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  if (path === '/' || path === '') return { name: 'home' };

  const room = /^\/rooms\/([^/]+)$/.exec(path);
  if (room?.[1]) return { name: 'room', id: safeDecode(room[1]) };

  const join = /^\/join\/([^/]+)$/.exec(path);
  if (join?.[1]) return { name: 'join', code: safeDecode(join[1]) };

  return { name: 'notFound' };
}

/** Log in and sign up share an address; `#signup` picks the second. */
export function authModeFromHash(hash: string): AuthMode {
  return hash === '#signup' ? 'signup' : 'login';
}

export function roomPath(id: string): string {
  return `/rooms/${encodeURIComponent(id)}`;
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}
