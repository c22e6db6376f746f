import { describe, expect, it, vi } from 'vitest';
import { PassLoop } from './upload-loop';

const deferred = () => {
  let resolve = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
};

describe('PassLoop', () => {
  it('runs one more pass for any number of kicks during a pass', async () => {
    const gates = [deferred(), deferred()];
    let passes = 0;
    const loop = new PassLoop(() => gates[passes++]!.promise, () => true);
    loop.kick();
    loop.kick();
    loop.kick();
    expect(passes).toBe(1);
    gates[0]!.resolve();
    await vi.waitFor(() => expect(passes).toBe(2));
    gates[1]!.resolve();
    await loop.idle();
    expect(passes).toBe(2);
  });

  it('is idle at once with nothing running and nothing left', async () => {
    await new PassLoop(async () => {}, () => true).idle();
  });

  it('wakes the idle waiters only once nothing is left after a pass', async () => {
    let left = true;
    const loop = new PassLoop(async () => {}, () => !left);
    let woke = false;
    void loop.idle().then(() => (woke = true));
    loop.kick();
    await new Promise((r) => setTimeout(r, 0));
    expect(woke).toBe(false);
    left = false;
    loop.kick();
    await vi.waitFor(() => expect(woke).toBe(true));
  });

  it('keeps going after a pass that throws', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    let passes = 0;
    const loop = new PassLoop(async () => {
      if (passes++ === 0) throw new Error('db closed');
    }, () => true);
    loop.kick();
    await loop.idle();
    loop.kick();
    await loop.idle();
    expect(passes).toBe(2);
    expect(warn).toHaveBeenCalledWith('upload scheduling', expect.any(Error));
    warn.mockRestore();
  });
});
