/** A tiny history store: the current address, navigation, and change notification. */
export interface AppLocation {
  pathname: string;
  hash: string;
}

export interface History {
  /** A string snapshot (pathname + search + hash) that is stable while nothing changes. */
  snapshot(): string;
  location(): AppLocation;
  navigate(to: string, options?: { replace?: boolean }): void;
  subscribe(listener: () => void): () => void;
}

export function createHistory(win: Window = window): History {
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());

  return {
    snapshot: () => win.location.pathname + win.location.search + win.location.hash,
    location: () => ({ pathname: win.location.pathname, hash: win.location.hash }),
    navigate(to, options) {
      if (options?.replace) win.history.replaceState(null, '', to);
      else win.history.pushState(null, '', to);
      notify();
    },
    subscribe(listener) {
      if (listeners.size === 0) win.addEventListener('popstate', notify);
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) win.removeEventListener('popstate', notify);
      };
    },
  };
}
