import { DOWNLOAD_SCOPE, PING, START, type Chunk, type Pull } from './download-channel';
import swUrl from './download-sw.ts?worker&url';

/**
 * Where the ZIP goes: a file the person picks (File System Access, Chromium) or the browser's own
 * download through a same-origin service worker (elsewhere). Chosen at the click itself, because
 * the picker needs the click's user activation.
 */
export type Sink = { kind: 'file'; writable: WritableStream<Uint8Array> } | { kind: 'download' };

interface PickerWindow {
  showSaveFilePicker?: (o: unknown) => Promise<{ createWritable(): Promise<WritableStream<Uint8Array>> }>;
}

/** Null when the person closed the picker: nothing to do. */
export async function chooseSink(name: string): Promise<Sink | null> {
  const picker = (window as unknown as PickerWindow).showSaveFilePicker;
  if (!picker) return { kind: 'download' };
  try {
    const handle = await picker({ suggestedName: name, types: [{ description: 'ZIP archive', accept: { 'application/zip': ['.zip'] } }] });
    return { kind: 'file', writable: await handle.createWritable() };
  } catch (e) {
    if (e instanceof DOMException && e.name === 'AbortError') return null;
    throw e;
  }
}

export async function save(sink: Sink, name: string, zip: ReadableStream<Uint8Array>): Promise<void> {
  if (sink.kind === 'file') return zip.pipeTo(sink.writable);
  return viaServiceWorker(name, zip);
}

async function activeWorker(): Promise<ServiceWorker> {
  if (!('serviceWorker' in navigator)) throw new Error('This browser cannot save a download this large: try Chrome, Edge or Firefox.');
  const reg = await navigator.serviceWorker.register(swUrl, { scope: DOWNLOAD_SCOPE });
  const w = reg.active ?? reg.installing ?? reg.waiting;
  if (!w) throw new Error('The download helper did not start: reload the page and try again.');
  if (w.state !== 'activated') {
    await new Promise<void>((resolve, reject) => {
      w.addEventListener('statechange', () => {
        if (w.state === 'activated') resolve();
        if (w.state === 'redundant') reject(new Error('The download helper did not start: reload the page and try again.'));
      });
    });
  }
  return w;
}

async function viaServiceWorker(name: string, zip: ReadableStream<Uint8Array>): Promise<void> {
  const worker = await activeWorker();
  const id = crypto.randomUUID();
  const { port1, port2 } = new MessageChannel();
  const reader = zip.getReader();
  const frame = document.createElement('iframe');
  // the worker lives only while it gets events: a ping every 10 s while the download runs
  const ping = setInterval(() => worker.postMessage({ type: PING }), 10_000);
  try {
    await new Promise<void>((resolve, reject) => {
      const send = (m: Chunk) => port1.postMessage(m);
      port1.onmessage = async (e: MessageEvent<Pull>) => {
        if (e.data === 'ready') {
          frame.hidden = true;
          frame.src = `${DOWNLOAD_SCOPE}${id}`;
          document.body.append(frame);
        } else if (e.data === 'cancel') {
          void reader.cancel();
          reject(new Error('The download was cancelled.'));
        } else {
          try {
            const r = await reader.read();
            if (r.done) {
              send({ done: true });
              resolve();
            } else send({ chunk: r.value });
          } catch (err) {
            send({ error: String(err) });
            reject(err);
          }
        }
      };
      worker.postMessage({ type: START, id, name }, [port2]);
    });
  } finally {
    clearInterval(ping);
    // the browser has the last chunk once it was pulled; the frame may go a moment later
    setTimeout(() => frame.remove(), 5000);
  }
}
