/** @vitest-environment jsdom */
import { describe, expect, it } from 'vitest';
import { guardUnload } from './unload-guard';

const unload = () => new Event('beforeunload', { cancelable: true });

describe('guardUnload', () => {
  it('asks before the tab closes while uploads are pending', () => {
    const target = new EventTarget();
    let pending = true;
    guardUnload(target, () => pending);
    const asked = unload();
    target.dispatchEvent(asked);
    expect(asked.defaultPrevented).toBe(true);

    pending = false;
    const free = unload();
    target.dispatchEvent(free);
    expect(free.defaultPrevented).toBe(false);
  });

  it('stops asking once released', () => {
    const target = new EventTarget();
    guardUnload(target, () => true)();
    const e = unload();
    target.dispatchEvent(e);
    expect(e.defaultPrevented).toBe(false);
  });
});
