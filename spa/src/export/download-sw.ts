/**
 * The download service worker (registered for {@link DOWNLOAD_SCOPE} only, so it sees no other
 * request of the site): turns a page's ZIP stream into a file download where the page cannot open
 * a file itself (no File System Access). Bundled on its own (`?worker&url`): CSP script-src 'self'.
 */
import { attachment, DOWNLOAD_SCOPE, START, type Chunk, type ToWorker } from './download-channel';

interface ExtendableEvent extends Event {
  waitUntil(p: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  request: Request;
  respondWith(r: Response | Promise<Response>): void;
}
interface SwGlobal {
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEvent) => void): void;
  addEventListener(type: 'message', fn: (e: MessageEvent<ToWorker>) => void): void;
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
}
const sw = self as unknown as SwGlobal;
const pending = new Map<string, { port: MessagePort; name: string }>();

sw.addEventListener('install', (e) => e.waitUntil(sw.skipWaiting()));
sw.addEventListener('activate', (e) => e.waitUntil(sw.clients.claim()));

sw.addEventListener('message', (e) => {
  // a ping only keeps this worker alive while a long download runs
  if (e.data?.type !== START || !e.ports[0]) return;
  pending.set(e.data.id, { port: e.ports[0], name: e.data.name });
  e.ports[0].postMessage('ready');
});

function body(port: MessagePort): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull: (c) =>
        new Promise<void>((resolve) => {
          port.onmessage = (m: MessageEvent<Chunk>) => {
            const d = m.data;
            if ('chunk' in d) c.enqueue(d.chunk);
            else if ('done' in d) c.close();
            else c.error(new Error(d.error));
            resolve();
          };
          port.postMessage('pull');
        }),
      cancel: () => port.postMessage('cancel'),
    },
    { highWaterMark: 16 },
  );
}

sw.addEventListener('fetch', (e) => {
  const path = new URL(e.request.url).pathname;
  if (!path.startsWith(DOWNLOAD_SCOPE)) return;
  const id = path.slice(DOWNLOAD_SCOPE.length);
  const d = pending.get(id);
  if (!d) return;
  pending.delete(id);
  e.respondWith(
    new Response(body(d.port), {
      headers: { 'Content-Type': 'application/zip', 'Content-Disposition': attachment(d.name), 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' },
    }),
  );
});
