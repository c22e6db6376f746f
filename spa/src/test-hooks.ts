/**
 * What the end-to-end tests read from a page (`window.__podster`): each value is put there by the
 * module that owns it, as a function read on demand.
 */
export function exposeToTests(values: Record<string, () => unknown>): void {
  if (typeof window === 'undefined') return;
  const w = window as unknown as { __podster?: Record<string, () => unknown> };
  w.__podster = { ...(w.__podster ?? {}), ...values };
}
