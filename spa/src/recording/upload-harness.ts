/**
 * Test support: records chunks through a real Uploader over fake-indexeddb, with a fake API and a
 * fake store that keeps each PUT, and returns the file the store would assemble. With `crash`,
 * the page dies once it has uploaded what it could before Stop, and a reloaded page finishes.
 */
import { IDBFactory } from 'fake-indexeddb';
import { expect, vi } from 'vitest';
import { RecordingDb } from './db';
import type { Kind } from './db';
import { Uploader, type UploadApi } from './uploader';

export const HARNESS_PART_BYTES = 64 * 1024;

export async function recordThroughUploader(o: {
  chunks: readonly Uint8Array[];
  mimeType: string;
  kind?: Kind;
  durationMs: number;
  crash?: boolean;
  /** Bytes a format may hold back from packing beyond a part (MP4: up to a fragment). */
  crashSlack?: number;
}): Promise<Uint8Array> {
  const stored = new Map<number, Uint8Array>();
  const signed = new Map<number, number>();
  const api: UploadApi = {
    createRecording: vi.fn(async () => ({ recording: { id: 'rec1' } as never })),
    presignParts: vi.fn(async (_id, asked: { partNumber: number; size: number }[]) => {
      for (const a of asked) signed.set(a.partNumber, a.size);
      return { parts: asked.map(({ partNumber: n, size }) => ({ partNumber: n, size, url: `https://store/p${n}`, expiresAt: '' })) };
    }),
    listParts: vi.fn(async () => ({ parts: [] })),
    completeRecording: vi.fn(async () => ({ recording: { id: 'rec1' } as never })),
    deleteRecording: vi.fn(async () => undefined),
  };
  const fetch = (async (url: string, init?: RequestInit) => {
    const n = Number(/p(\d+)/.exec(url)![1]);
    const body = init!.body as Uint8Array;
    // like the real store: a URL signs its Content-Length, any other size is refused
    if (signed.get(n) !== body.byteLength) return new Response(null, { status: 403 });
    stored.set(n, body);
    return new Response(null, { status: 200, headers: { ETag: '"x"' } });
  }) as unknown as typeof globalThis.fetch;
  const factory = new IDBFactory();
  const db = await RecordingDb.open(factory);
  const page = (db: RecordingDb) => new Uploader({ db, api, fetch, minPartBytes: HARNESS_PART_BYTES, sleep: async () => {} });
  const up = page(db);
  const id = await up.begin({ roomId: 'r', takeId: 't', kind: o.kind ?? 'camera', mimeType: o.mimeType, label: 'A' });
  for (const [i, c] of o.chunks.entries()) await up.addChunk(id, c.slice().buffer, ((i + 1) * o.durationMs) / o.chunks.length);
  if (!o.crash) {
    await up.stop(id, o.durationMs);
    await up.idle();
  } else {
    // the page dies once it has uploaded what it could (every full part but part 1)
    await vi.waitFor(async () => {
      const rec = (await db.getRecording(id))!;
      const left = await db.chunkSizes(id, rec.unpackedFrom);
      expect(left.reduce((n, c) => n + c.size, 0)).toBeLessThan(HARNESS_PART_BYTES + (o.crashSlack ?? 0));
      expect((await db.parts(id)).filter((p) => p.partNumber > 1 && p.etag === null)).toEqual([]);
    });
    await new Promise((r) => setTimeout(r, 50));
    // the dead page's last scheduling attempts find its database gone
    const quiet = vi.spyOn(console, 'warn').mockImplementation(() => {});
    db.close();
    const reloaded = page(await RecordingDb.open(factory));
    await reloaded.resumeAll();
    await reloaded.idle();
    quiet.mockRestore();
  }
  const parts = [...stored.entries()].sort(([a], [b]) => a - b).map(([, b]) => b);
  return new Uint8Array(parts.flatMap((p) => [...p]));
}
