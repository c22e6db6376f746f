import { afterEach, describe, expect, it, vi } from 'vitest';
import { yieldUploadsToCall } from './upload-yield';

/** A connected peer connection whose selected pair has sent `sent()` bytes by the fake clock's now. */
function fakePc(sent: () => number, available: number) {
  const getStats = vi.fn(async () => new Map<string, unknown>([
    ['t', { type: 'transport', id: 't', selectedCandidatePairId: 'cp' }],
    ['cp', { type: 'candidate-pair', id: 'cp', timestamp: Date.now(), bytesSent: sent(), availableOutgoingBitrate: available }],
  ]));
  return { connectionState: 'connected', getStats } as unknown as RTCPeerConnection & { getStats: typeof getStats };
}

describe('yieldUploadsToCall', () => {
  afterEach(() => vi.useRealTimers());

  it('reads the call only while a take records, tells the pacer each second, and lets go when stopped', async () => {
    vi.useFakeTimers();
    const pacer = { setRecording: vi.fn(), observe: vi.fn() };
    let recording = false;
    const pc = fakePc(() => Date.now() * 125, 3_000_000); // 125 bytes a millisecond: 1 Mbit/s
    const stop = yieldUploadsToCall(() => [pc], Promise.resolve(pacer), () => recording, 1000);
    await vi.advanceTimersByTimeAsync(2500);
    expect(pc.getStats).not.toHaveBeenCalled();
    expect(pacer.setRecording).toHaveBeenLastCalledWith(false);
    expect(pacer.observe).toHaveBeenLastCalledWith(null);
    recording = true;
    await vi.advanceTimersByTimeAsync(2000);
    expect(pc.getStats).toHaveBeenCalledTimes(2);
    expect(pacer.setRecording).toHaveBeenLastCalledWith(true);
    expect(pacer.observe).toHaveBeenLastCalledWith({ sendBps: 1_000_000, availableBps: 3_000_000 });
    stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(pc.getStats).toHaveBeenCalledTimes(2);
    expect(pacer.setRecording).toHaveBeenLastCalledWith(false);
    expect(pacer.observe).toHaveBeenLastCalledWith(null);
  });

  it('does nothing without a pacer (a recording service that has none)', async () => {
    vi.useFakeTimers();
    const pc = fakePc(() => 0, 1);
    const stop = yieldUploadsToCall(() => [pc], Promise.resolve(undefined), () => true, 1000);
    await vi.advanceTimersByTimeAsync(3000);
    stop();
    expect(pc.getStats).not.toHaveBeenCalled();
  });
});
