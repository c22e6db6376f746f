import { createContext, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import type { ReactNode } from 'react';
import { useApi } from '../api/ApiContext';
import { describeError } from '../api/errors';
import type { User } from '../api/types';

export type SessionState =
  | { status: 'loading' }
  | { status: 'ready'; user: User | null }
  | { status: 'failed'; message: string };

export interface Session {
  state: SessionState;
  /** The signed-in user, or null while loading, failed or signed out. */
  user: User | null;
  setUser(user: User | null): void;
  reload(): void;
}

const SessionContext = createContext<Session | null>(null);

/** Asks the API who is signed in (GET /api/me) once, and holds the answer. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const api = useApi();
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    api.me().then(
      (answer) => !cancelled && setState({ status: 'ready', user: answer?.user ?? null }),
      (e: unknown) => !cancelled && setState({ status: 'failed', message: describeError(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, attempt]);

  const setUser = useCallback((user: User | null) => setState({ status: 'ready', user }), []);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  const value = useMemo<Session>(
    () => ({ state, user: state.status === 'ready' ? state.user : null, setUser, reload }),
    [state, setUser, reload],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}
