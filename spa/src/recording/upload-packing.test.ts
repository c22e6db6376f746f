import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { PartPacking } from './upload-packing';
import { dbWithRecording } from './upload-test-db';

describe('PartPacking', () => {
  it('packs the chunks it was told of into parts of at least the minimum, and stores them', async () => {
    const { db, rec } = await dbWithRecording({ chunks: [4, 4, 4, 4] });
    const packing = new PartPacking(db, 8);
    packing.begun(rec.localId);
    for (let seq = 0; seq < 4; seq++) packing.added(rec.localId, seq, 4);
    const read = vi.spyOn(db, 'chunkSizes');
    await packing.pack(rec);
    expect(read).not.toHaveBeenCalled(); // the sizes were kept, not read back
    expect((await db.parts(rec.localId)).map((p) => [p.partNumber, p.firstSeq, p.lastSeq, p.size])).toEqual([[1, 0, 1, 8], [2, 2, 3, 8]]);
    expect(rec).toMatchObject({ nextPart: 3, unpackedFrom: 4 });
    expect(await db.getRecording(rec.localId)).toMatchObject({ nextPart: 3, unpackedFrom: 4 });
  });

  it('lets a short tail wait for more until the stop, then packs it', async () => {
    const { db, rec } = await dbWithRecording({ chunks: [8, 3] });
    const packing = new PartPacking(db, 8);
    await packing.pack(rec);
    expect((await db.parts(rec.localId)).map((p) => p.size)).toEqual([8]);
    rec.stopped = true;
    await packing.pack(rec);
    expect((await db.parts(rec.localId)).map((p) => p.size)).toEqual([8, 3]);
    expect(rec.unpackedFrom).toBe(2);
  });

  it('reads the sizes back from IndexedDB for a recording it did not begin (resumed after a reload)', async () => {
    const { db, rec } = await dbWithRecording({ chunks: [5, 5] });
    const packing = new PartPacking(db, 10);
    const read = vi.spyOn(db, 'chunkSizes');
    await packing.pack(rec);
    expect(read).toHaveBeenCalledWith(rec.localId, 0);
    expect((await db.parts(rec.localId)).map((p) => p.size)).toEqual([10]);
  });

  it('keeps each chunk once, however often it is told', async () => {
    const { db, rec } = await dbWithRecording({ chunks: [5, 5] });
    const packing = new PartPacking(db, 10);
    packing.begun(rec.localId);
    packing.added(rec.localId, 0, 5);
    packing.added(rec.localId, 0, 5);
    packing.added(rec.localId, 1, 5);
    await packing.pack(rec);
    expect((await db.parts(rec.localId)).map((p) => [p.firstSeq, p.lastSeq, p.size])).toEqual([[0, 1, 10]]);
  });

  it('reads the sizes back once it forgot a recording', async () => {
    const { db, rec } = await dbWithRecording({ chunks: [10] });
    const packing = new PartPacking(db, 10);
    packing.begun(rec.localId);
    packing.forget(rec.localId);
    const read = vi.spyOn(db, 'chunkSizes');
    await packing.pack(rec);
    expect(read).toHaveBeenCalledTimes(1);
    expect((await db.parts(rec.localId)).map((p) => p.size)).toEqual([10]);
  });
});
