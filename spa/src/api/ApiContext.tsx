import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import { api as defaultApi } from './client';
import type { ApiClient } from './client';

const ApiContext = createContext<ApiClient>(defaultApi);

/** Lets tests (and later, other transports) hand the page a different client. */
export function ApiProvider({ client, children }: { client: ApiClient; children: ReactNode }) {
  return <ApiContext.Provider value={client}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  return useContext(ApiContext);
}
