import { describe, expect, it, vi } from 'vitest';
import { RecordingClaims } from './upload-claims';

describe('RecordingClaims', () => {
  it('claims everything and owns what it is told to, by default', async () => {
    const c = new RecordingClaims();
    expect(await c.claim('a')).toBe(true);
    expect(c.owns('a')).toBe(false);
    c.own('a');
    expect(c.owns('a')).toBe(true);
  });

  it('asks the lock, and releases it with the recording', async () => {
    const claim = vi.fn(async (id: string) => id !== 'taken');
    const release = vi.fn();
    const c = new RecordingClaims(claim, release);
    expect(await c.claim('taken')).toBe(false);
    expect(await c.claim('a')).toBe(true);
    c.own('a');
    c.release('a');
    expect(c.owns('a')).toBe(false);
    expect(release).toHaveBeenCalledWith('a');
  });
});
