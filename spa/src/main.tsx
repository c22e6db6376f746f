import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { RouterProvider } from './router/RouterContext';
import { SessionProvider } from './session/SessionContext';
import './index.css';
import { recordingService } from './recording/service';

// Any page finishes what a crash or reload left unsent.
void recordingService().catch((e: unknown) => console.error('recordings cannot be resumed', e));

const root = document.getElementById('root');
if (!root) throw new Error('index.html lacks #root');

createRoot(root).render(
  <StrictMode>
    <RouterProvider>
      <SessionProvider>
        <App />
      </SessionProvider>
    </RouterProvider>
  </StrictMode>,
);
