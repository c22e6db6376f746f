import { useEffect, useRef } from 'react';

/** A visible error a person can act on; takes focus when it appears so it is read out once. */
export function Alert({ message }: { message: string | null }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (message) ref.current?.focus();
  }, [message]);
  if (!message) return null;
  return (
    <div
      ref={ref}
      role="alert"
      tabIndex={-1}
      className="rounded-md border border-red-500/40 bg-red-950/60 px-3 py-2 text-sm text-red-100 outline-none focus-visible:ring-2 focus-visible:ring-red-400"
    >
      {message}
    </div>
  );
}
