import { describe, expect, it, vi } from 'vitest';
import { ChunkQueue } from './chunk-queue';

describe('ChunkQueue', () => {
  it('stores chunks in order', async () => {
    const stored: number[] = [];
    const sink = { addChunk: vi.fn(async (_id: string, d: ArrayBuffer) => void stored.push(d.byteLength)), holding: vi.fn() };
    const q = new ChunkQueue('r', sink);
    for (const n of [1, 2, 3]) q.push(new ArrayBuffer(n), n);
    await q.drained();
    expect(stored).toEqual([1, 2, 3]);
    expect(sink.holding).not.toHaveBeenCalled();
  });

  it('holds a refused chunk and those after it in memory, says so, and stores them all once there is room', async () => {
    const stored: number[] = [];
    let full = true;
    const sink = {
      addChunk: vi.fn(async (_id: string, d: ArrayBuffer) => {
        if (full && d.byteLength === 20) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
        stored.push(d.byteLength);
      }),
      holding: vi.fn(),
    };
    let slept = 0;
    const q = new ChunkQueue('r', sink, async () => {
      slept++;
      if (slept === 1) q.push(new ArrayBuffer(30), 3); // recording goes on meanwhile
      if (slept === 3) full = false; // an upload freed room
    });
    q.push(new ArrayBuffer(10), 1);
    q.push(new ArrayBuffer(20), 2);
    await q.drained();
    expect(stored).toEqual([10, 20, 30]);
    expect(sink.holding).toHaveBeenNthCalledWith(1, 'r', 20, 'The quota has been exceeded.');
    expect(sink.holding).toHaveBeenNthCalledWith(2, 'r', 50, 'The quota has been exceeded.');
    expect(sink.holding).toHaveBeenLastCalledWith('r', 0, null);
  });
});
