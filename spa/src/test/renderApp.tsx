import { render } from '@testing-library/react';
import type { ApiClient } from '../api/client';
import { App } from '../App';
import { AppServicesProvider } from '../AppServicesProvider';
import { RouterProvider } from '../router/RouterContext';
import { SessionProvider } from '../session/SessionContext';
import { testServices } from './testServices';

/** Renders the whole app at `path` against a fake API. */
export function renderApp(api: ApiClient, path = '/') {
  window.history.replaceState(null, '', path);
  return render(
    <AppServicesProvider services={testServices(api)}>
      <RouterProvider>
        <SessionProvider>
          <App />
        </SessionProvider>
      </RouterProvider>
    </AppServicesProvider>,
  );
}
