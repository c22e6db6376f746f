import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { RecordingService } from './service';

// A promise: the service opens IndexedDB and resumes unsent recordings before it is ready.
const RecordingContext = createContext<Promise<RecordingService> | null>(null);

/** Hands the pages the recording service the app root opened (tests: one that never opens, or a fake). */
export function RecordingProvider({ service, children }: { service: Promise<RecordingService>; children: ReactNode }) {
  return <RecordingContext.Provider value={service}>{children}</RecordingContext.Provider>;
}

export function useRecordingService(): Promise<RecordingService> {
  const service = useContext(RecordingContext);
  if (!service) throw new Error('useRecordingService must be used inside <RecordingProvider>');
  return service;
}
