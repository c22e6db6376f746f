import { useEffect, useState } from 'react';
import { formatElapsed } from '../board/elapsed';

/**
 * How long the take has run, from the instant every recorder started (`startAt`, server clock,
 * placed on this browser's clock by `toLocal`); 0:00 through the countdown.
 */
export function RecordingTimer({ startAt, toLocal }: { startAt: string; toLocal: (serverMs: number) => number | null }) {
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const t = setInterval(() => setNow(performance.now()), 250);
    return () => clearInterval(t);
  }, []);
  const serverMs = Date.parse(startAt);
  const local = toLocal(serverMs);
  const elapsed = local === null ? Date.now() - serverMs : now - local;
  return (
    <span role="timer" aria-label="Recording time" className="font-mono tabular-nums">
      {formatElapsed(elapsed)}
    </span>
  );
}
