/**
 * What the page and the download service worker say to each other. The page holds the ZIP
 * stream; the worker answers a navigation with a Response whose body pulls chunk by chunk over a
 * MessagePort, so the browser's own download writes it to disk at the pace the disk takes it.
 */
export const DOWNLOAD_SCOPE = '/assets/podster-download/';
export const START = 'podster-download';
export const PING = 'podster-ping';

export type ToWorker = { type: typeof START; id: string; name: string } | { type: typeof PING };
/** Over the port, worker → page. */
export type Pull = 'ready' | 'pull' | 'cancel';
/** Over the port, page → worker. */
export type Chunk = { chunk: Uint8Array } | { done: true } | { error: string };

/** A Content-Disposition that carries any file name (RFC 6266 / 5987). */
export function attachment(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}
