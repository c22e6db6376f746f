import { useEffect, useState } from 'react';

/** Free space the browser grants this site (`storage.estimate()`), or null where it cannot say. */
export function useStorageSpace(): number | null {
  const [free, setFree] = useState<number | null>(null);
  useEffect(() => {
    let cancelled = false;
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    void storage?.estimate?.().then(
      (e) => !cancelled && e.quota !== undefined && setFree(Math.max(0, e.quota - (e.usage ?? 0))),
      () => {},
    );
    return () => {
      cancelled = true;
    };
  }, []);
  return free;
}

/**
 * Asks that recorded chunks not be evicted under storage pressure before they are uploaded.
 * Resolves false where the browser declines or cannot say; recording goes on either way.
 */
export async function persistRecordings(): Promise<boolean> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  try {
    return (await storage?.persisted?.()) || ((await storage?.persist?.()) ?? false);
  } catch {
    return false;
  }
}
