import { createContext, useContext, useMemo, useSyncExternalStore } from 'react';
import type { AnchorHTMLAttributes, MouseEvent, ReactNode } from 'react';
import { createHistory } from './history';
import type { AppLocation, History } from './history';

const HistoryContext = createContext<History | null>(null);

export function RouterProvider({ history, children }: { history?: History; children: ReactNode }) {
  const value = useMemo(() => history ?? createHistory(window), [history]);
  return <HistoryContext.Provider value={value}>{children}</HistoryContext.Provider>;
}

export function useHistory(): History {
  const history = useContext(HistoryContext);
  if (!history) throw new Error('useHistory must be used inside <RouterProvider>');
  return history;
}

export function useLocation(): AppLocation {
  const history = useHistory();
  const snapshot = useSyncExternalStore(history.subscribe, history.snapshot);
  // The snapshot string is the change signal; the object stays stable between changes.
  return useMemo(() => history.location(), [history, snapshot]);
}

type LinkProps = Omit<AnchorHTMLAttributes<HTMLAnchorElement>, 'href'> & { to: string };

/** A real link that navigates inside the page on a plain click. */
export function Link({ to, onClick, children, ...rest }: LinkProps) {
  const history = useHistory();
  const handleClick = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    history.navigate(to);
  };
  return (
    <a href={to} onClick={handleClick} {...rest}>
      {children}
    </a>
  );
}
