/** Test support for the uploader's tests: the API and the object store in memory, and a fresh uploader. */
import { IDBFactory } from 'fake-indexeddb';
import { vi } from 'vitest';
import type { PartRequest } from '../api/types';
import { RecordingDb } from './db';
import { Uploader, type UploadApi } from './uploader';

export const bytes = (n: number, fill = 1) => new Uint8Array(n).fill(fill).buffer;

/** The API and the object store, in memory. */
export function fakeServer() {
  const stored = new Map<number, { etag: string; size: number; body: Uint8Array }>();
  const completed: { parts: { partNumber: number; etag: string }[]; durationMs?: number }[] = [];
  let urlSerial = 0;
  const expired = new Set<string>();
  const api: UploadApi = {
    createRecording: vi.fn(async (b) => ({ recording: { id: 'rec1', ...b } as never })),
    presignParts: vi.fn(async (_id, asked) => ({
      parts: asked.map(({ partNumber: n, size }: PartRequest) => ({ partNumber: n, size, url: `https://store/p${n}?v=${++urlSerial}&len=${size}`, expiresAt: '' })),
    })),
    listParts: vi.fn(async () => ({ parts: [...stored].map(([partNumber, p]) => ({ partNumber, etag: p.etag, size: p.size })) })),
    completeRecording: vi.fn(async (_id, body) => {
      completed.push(body);
      return { recording: { id: 'rec1', state: 'complete' } as never };
    }),
    deleteRecording: vi.fn(async () => undefined),
  };
  const failures: (() => Response | never)[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const fetch = vi.fn(async (url: string | URL | Request, init?: RequestInit) => {
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((r) => setTimeout(r, 1));
    inFlight--;
    const f = failures.shift();
    if (f) return f();
    if (expired.has(String(url))) return new Response('Request has expired', { status: 403 });
    const n = Number(/p(\d+)/.exec(String(url))![1]);
    const body = init!.body as Uint8Array;
    // Like the real store: the URL's signed Content-Length must be the body's.
    if (Number(/len=(\d+)/.exec(String(url))![1]) !== body.byteLength) return new Response('SignatureDoesNotMatch', { status: 403 });
    stored.set(n, { etag: `"e${n}"`, size: body.byteLength, body });
    return new Response(null, { status: 200, headers: { ETag: `"e${n}"` } });
  }) as unknown as typeof globalThis.fetch;
  return { api, fetch, stored, completed, failures, expired, max: () => maxInFlight };
}

export async function setup(server = fakeServer(), delays: number[] = [], random: () => number = () => 0.5) {
  const db = await RecordingDb.open(new IDBFactory());
  const up = new Uploader({
    db, api: server.api, fetch: server.fetch, minPartBytes: 10, maxInFlight: 4,
    sleep: async (ms) => void delays.push(ms), random,
  });
  return { db, up, server, delays };
}

export const fields = { roomId: 'r1', takeId: 't1', kind: 'camera' as const, mimeType: 'video/webm;codecs=vp9,opus', label: 'Ada' };
