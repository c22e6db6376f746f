import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { createAppServices } from './app-services';
import { AppServicesProvider } from './AppServicesProvider';
import { RouterProvider } from './router/RouterContext';
import { SessionProvider } from './session/SessionContext';
import './index.css';

// Made before the first render: any page finishes what a crash or reload left unsent.
const services = createAppServices(window);

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

createRoot(root).render(
  <StrictMode>
    <AppServicesProvider services={services}>
      <RouterProvider>
        <SessionProvider>
          <App />
        </SessionProvider>
      </RouterProvider>
    </AppServicesProvider>
  </StrictMode>,
);
