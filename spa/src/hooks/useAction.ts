import { useCallback, useRef, useState } from 'react';
import { describeError } from '../api/errors';

export interface Action {
  pending: boolean;
  /** The sentence to show when the last run failed. */
  error: string | null;
  /** Runs `task` unless one is already running; answers whether it succeeded. */
  run(task: () => Promise<unknown>): Promise<boolean>;
}

/** One request at a time, with its pending flag and a readable error. */
export function useAction(): Action {
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = useRef(false);

  const run = useCallback(async (task: () => Promise<unknown>) => {
    if (running.current) return false;
    running.current = true;
    setPending(true);
    setError(null);
    try {
      await task();
      return true;
    } catch (e) {
      setError(describeError(e));
      return false;
    } finally {
      running.current = false;
      setPending(false);
    }
  }, []);

  return { pending, error, run };
}
