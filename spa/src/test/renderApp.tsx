import { render } from '@testing-library/react';
import { ApiProvider } from '../api/ApiContext';
import type { ApiClient } from '../api/client';
import { App } from '../App';
import { RouterProvider } from '../router/RouterContext';
import { SessionProvider } from '../session/SessionContext';

/** Renders the whole app at `path` against a fake API. */
export function renderApp(api: ApiClient, path = '/') {
  window.history.replaceState(null, '', path);
  return render(
    <ApiProvider client={api}>
      <RouterProvider>
        <SessionProvider>
          <App />
        </SessionProvider>
      </RouterProvider>
    </ApiProvider>,
  );
}
