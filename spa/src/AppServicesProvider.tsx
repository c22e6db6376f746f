import type { ReactNode } from 'react';
import { ApiProvider } from './api/ApiContext';
import type { AppServices } from './app-services';
import { HandOverProvider } from './call/HandOverContext';
import { RecordingProvider } from './recording/RecordingContext';

/** Every service of the page, each in its own context (so a component asks only for what it uses). */
export function AppServicesProvider({ services, children }: { services: AppServices; children: ReactNode }) {
  return (
    <ApiProvider client={services.api}>
      <RecordingProvider service={services.recording}>
        <HandOverProvider handOver={services.handOver}>{children}</HandOverProvider>
      </RecordingProvider>
    </ApiProvider>
  );
}
