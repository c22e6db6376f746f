import type { LocalRecording, Part, RecordingDb } from './db';
import { isWebm, needsTrailerPart } from './finish';
import { packMp4Parts } from './mp4';
import { MIN_PART_BYTES, packParts } from './packer';

type ChunkSize = { seq: number; size: number };

/**
 * Turns a recording's new chunks into parts, stored in IndexedDB before any of them is uploaded.
 * It keeps, per recording, the sizes of its chunks not yet in a part (from `unpackedFrom` on):
 * packing runs after every chunk, and reading the chunks back from IndexedDB to learn their sizes
 * would copy up to a part's worth of video into the tab each second, the whole take long.
 */
export class PartPacking {
  private readonly unpacked = new Map<string, ChunkSize[]>();

  constructor(
    private readonly db: RecordingDb,
    private readonly minPartBytes = MIN_PART_BYTES,
  ) {}

  /** A recording begun here: every chunk of it passes `added`, so nothing needs reading back. */
  begun(localId: string): void {
    this.unpacked.set(localId, []);
  }

  added(localId: string, seq: number, size: number): void {
    const sizes = this.unpacked.get(localId);
    // A pass may have reloaded the sizes from IndexedDB meanwhile, this chunk among them.
    if (sizes && (sizes.length === 0 || sizes[sizes.length - 1]!.seq < seq)) sizes.push({ seq, size });
  }

  forget(localId: string): void {
    this.unpacked.delete(localId);
  }

  /** Packs what can be packed; advances `rec` (its next part, where packing stands) as stored. */
  async pack(rec: LocalRecording): Promise<void> {
    const sizes = await this.unpackedSizes(rec);
    const packed = rec.mp4
      ? packMp4Parts(sizes, rec.stopped, await this.packedBytes(rec), rec.mp4, this.minPartBytes)
      : packParts(sizes, rec.stopped, this.minPartBytes, { holdNewest: isWebm(rec.mimeType) });
    const fresh: Part[] = packed.map((p) => ({ localId: rec.localId, partNumber: rec.nextPart++, ...p, etag: null }));
    if (rec.stopped && (rec.webm || rec.mp4)) {
      // Packing at Stop takes every chunk left: that part ends the file. With none left, WebM's Cues get a part of their own.
      if (fresh.length > 0) fresh[fresh.length - 1]!.trailer = true;
      else if (needsTrailerPart(rec, await this.db.parts(rec.localId))) {
        fresh.push({ localId: rec.localId, partNumber: rec.nextPart++, firstSeq: rec.nextSeq, lastSeq: rec.nextSeq - 1, size: 0, etag: null, trailer: true });
      }
    }
    if (packed.length > 0) rec.unpackedFrom = packed[packed.length - 1]!.lastSeq + 1;
    if (fresh.length === 0) return;
    await this.db.addParts(rec.localId, fresh, rec.unpackedFrom, rec.nextPart);
    const packedUpTo = sizes.findIndex((c) => c.seq >= rec.unpackedFrom);
    sizes.splice(0, packedUpTo === -1 ? sizes.length : packedUpTo);
  }

  /**
   * The sizes of the chunks not yet in a part. Kept as chunks arrive; read from IndexedDB only for
   * a recording this tab resumed, or when what is kept does not start where packing stands.
   */
  private async unpackedSizes(rec: LocalRecording): Promise<ChunkSize[]> {
    const kept = this.unpacked.get(rec.localId);
    if (kept && (kept.length === 0 || kept[0]!.seq === rec.unpackedFrom)) return kept;
    const read = await this.db.chunkSizes(rec.localId, rec.unpackedFrom);
    this.unpacked.set(rec.localId, read);
    return read;
  }

  /** Where the first chunk not yet in a part starts in the file: the parts so far, end to end. */
  private async packedBytes(rec: LocalRecording): Promise<number> {
    return (await this.db.parts(rec.localId)).reduce((n, p) => n + p.size, 0);
  }
}
