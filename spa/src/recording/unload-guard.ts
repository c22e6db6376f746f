/**
 * Asks before the tab closes while anything recorded is not yet on the server: closing it then
 * leaves the rest in IndexedDB until this browser opens Podster again. Returns the way to stop asking.
 */
export function guardUnload(target: Pick<EventTarget, 'addEventListener' | 'removeEventListener'>, pending: () => boolean): () => void {
  const ask = (e: Event) => {
    if (!pending()) return;
    e.preventDefault();
    // Older browsers ask only when returnValue is set too.
    (e as BeforeUnloadEvent).returnValue = '';
  };
  target.addEventListener('beforeunload', ask);
  return () => target.removeEventListener('beforeunload', ask);
}
