import { createContext, useContext } from 'react';
import type { ReactNode } from 'react';
import type { HandOver } from './handover';

const HandOverContext = createContext<HandOver | null>(null);

/** Hands the join and room pages the one HandOver of the page, so the camera passes between them. */
export function HandOverProvider({ handOver, children }: { handOver: HandOver; children: ReactNode }) {
  return <HandOverContext.Provider value={handOver}>{children}</HandOverContext.Provider>;
}

export function useHandOver(): HandOver {
  const handOver = useContext(HandOverContext);
  if (!handOver) throw new Error('useHandOver must be used inside <HandOverProvider>');
  return handOver;
}
