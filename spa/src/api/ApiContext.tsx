import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { ApiClient } from './client';

// No default: a component rendered without a provider is a wiring mistake, not a reason to
// reach for a client of its own.
const ApiContext = createContext<ApiClient | null>(null);

/** Hands the pages the API client the app root made (tests: a fake one). */
export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi must be used inside <ApiProvider>');
  return api;
}
