/** Test support for the upload-* modules: a fresh IndexedDB with one recording, chunks appended as a recorder would. */
import { IDBFactory } from 'fake-indexeddb';
import { RecordingDb } from './db';
import type { LocalRecording } from './db';
import { newLocalRecording } from './new-recording';

/** A recording in a format nothing finishes (no header or trailer rewrite): its parts are its chunks. */
export async function dbWithRecording(o: { mimeType?: string; chunks?: number[] } = {}): Promise<{ db: RecordingDb; rec: LocalRecording }> {
  const db = await RecordingDb.open(new IDBFactory());
  const rec = newLocalRecording({ roomId: 'r1', takeId: 't1', kind: 'audio', mimeType: o.mimeType ?? 'application/octet-stream', label: 'Ada' });
  await db.putRecording(rec);
  for (const [i, size] of (o.chunks ?? []).entries()) await db.appendChunk(rec.localId, new Uint8Array(size).fill(i + 1).buffer, (i + 1) * 1000);
  return { db, rec: (await db.getRecording(rec.localId))! };
}
