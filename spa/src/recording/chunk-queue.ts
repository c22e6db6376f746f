import type { Uploader } from './uploader';

type ChunkSink = Pick<Uploader, 'addChunk' | 'holding'>;

const RETRY_MS = 1000;
const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/**
 * A recorder's way into IndexedDB: chunks are stored one after another, in order. A chunk the
 * browser refuses (its storage full, most often) is not dropped: it waits in memory, with every
 * chunk after it, and is tried again every second, while the page says how much is waiting. What
 * IndexedDB already holds keeps uploading meanwhile, and each uploaded part frees room.
 */
export class ChunkQueue {
  private readonly waiting: { data: ArrayBuffer; elapsedMs: number }[] = [];
  private pumping: Promise<void> | null = null;

  constructor(
    private readonly localId: string,
    private readonly sink: ChunkSink,
    private readonly sleep: (ms: number) => Promise<void> = defaultSleep,
  ) {}

  push(data: ArrayBuffer, elapsedMs: number): void {
    this.waiting.push({ data, elapsedMs });
    this.pumping ??= this.pump().finally(() => (this.pumping = null));
  }

  /** Resolves once every chunk pushed so far is in IndexedDB. */
  async drained(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  private async pump(): Promise<void> {
    let refused = false;
    while (this.waiting.length > 0) {
      const next = this.waiting[0]!;
      try {
        await this.sink.addChunk(this.localId, next.data, next.elapsedMs);
        this.waiting.shift();
        if (refused && this.waiting.length === 0) this.sink.holding(this.localId, 0, null);
      } catch (e) {
        refused = true;
        const held = this.waiting.reduce((n, c) => n + c.data.byteLength, 0);
        this.sink.holding(this.localId, held, e instanceof Error ? e.message : String(e));
        await this.sleep(RETRY_MS);
      }
    }
  }
}
