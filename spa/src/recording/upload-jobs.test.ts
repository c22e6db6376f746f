import { describe, expect, it, vi } from 'vitest';
import { RecordingJobs } from './upload-jobs';

describe('RecordingJobs', () => {
  it('marks the recording running until its job ends, then says so', async () => {
    const ended = vi.fn();
    const jobs = new RecordingJobs(vi.fn(), ended);
    let finish = () => {};
    jobs.run('a', () => new Promise<void>((r) => (finish = r)));
    expect(jobs.running('a')).toBe(true);
    expect(jobs.running('b')).toBe(false);
    finish();
    await vi.waitFor(() => expect(ended).toHaveBeenCalledTimes(1));
    expect(jobs.running('a')).toBe(false);
  });

  it('fails the recording with what the job threw, before it ends', async () => {
    const order: string[] = [];
    const failed = vi.fn(async (id: string, e: unknown) => void order.push(`failed ${id} ${(e as Error).message}`));
    const jobs = new RecordingJobs(failed, () => order.push('ended'));
    jobs.run('a', async () => {
      throw new Error('quota');
    });
    await vi.waitFor(() => expect(order).toEqual(['failed a quota', 'ended']));
  });
});
