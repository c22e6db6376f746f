import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Part } from './db';
import { partBody } from './upload-part-body';
import { WAV_HEADER_BYTES, WAV_MIME, wavHeader, wholeDataBytes } from './wav';
import { dbWithRecording } from './upload-test-db';

const part = (localId: string, p: Partial<Part>): Part => ({ localId, partNumber: 2, firstSeq: 0, lastSeq: 0, size: 0, etag: null, ...p });

describe('partBody', () => {
  it('puts the part\'s chunks end to end', async () => {
    const { db, rec } = await dbWithRecording({ chunks: [2, 3, 1] });
    const body = await partBody(db, rec, part(rec.localId, { firstSeq: 1, lastSeq: 2, size: 4 }));
    expect([...body]).toEqual([2, 2, 2, 3]);
  });

  it('fails for good when a chunk of the part is gone', async () => {
    const { db, rec } = await dbWithRecording({ chunks: [2] });
    await expect(partBody(db, rec, part(rec.localId, { firstSeq: 0, lastSeq: 1, size: 4 }))).rejects.toThrow('part 2 lost chunks');
  });

  it('finishes part 1 of a WAV with the length recorded by now', async () => {
    const { db, rec } = await dbWithRecording({ mimeType: WAV_MIME });
    const f = { sampleRate: 48_000, channels: 1 };
    // the recorder writes the header first, its lengths still unknown
    await db.appendChunk(rec.localId, wavHeader(f, 0).slice().buffer, 0);
    await db.appendChunk(rec.localId, new Uint8Array(99).buffer, 1000);
    const first = part(rec.localId, { partNumber: 1, firstSeq: 0, lastSeq: 1, size: WAV_HEADER_BYTES + 99 });
    await db.addParts(rec.localId, [first], 2, 2);
    const body = await partBody(db, rec, first);
    expect(body.subarray(0, WAV_HEADER_BYTES)).toEqual(wavHeader(f, wholeDataBytes(f, WAV_HEADER_BYTES + 99)));
    expect(body.subarray(0, WAV_HEADER_BYTES)).not.toEqual(wavHeader(f, 0));
  });
});
