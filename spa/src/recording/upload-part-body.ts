import type { LocalRecording, Part, RecordingDb } from './db';
import { finishingOf, finishPart } from './finish';

/**
 * The bytes of one part, read back from its chunks in IndexedDB. Part 1 (the file header) and the
 * trailer are finished on the way (duration, cues: see finish.ts), from the recording as it is now.
 */
export async function partBody(db: RecordingDb, rec: LocalRecording, part: Part): Promise<Uint8Array> {
  const chunks = await db.chunks(rec.localId, part.firstSeq, part.lastSeq);
  // Not an ApiError, so never retried: the chunks will not come back.
  if (chunks.length !== part.lastSeq - part.firstSeq + 1) throw new Error(`part ${part.partNumber} lost chunks`);
  const out = new Uint8Array(part.size);
  let at = 0;
  for (const c of chunks) {
    out.set(new Uint8Array(c.data), at);
    at += c.data.byteLength;
  }
  if (part.partNumber !== 1 && !part.trailer) return out;
  const fresh = (await db.getRecording(rec.localId)) ?? rec;
  return finishPart(out, part, finishingOf(fresh, await db.parts(rec.localId), part.partNumber === 1 ? out : undefined));
}
