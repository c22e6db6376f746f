import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/errors';
import { putPart } from './upload-part-put';

const api = (url = 'https://store/p2') => ({
  presignParts: vi.fn(async (_id: string, asked: { partNumber: number; size: number }[]) => ({
    parts: url ? asked.map((a) => ({ ...a, url, expiresAt: '' })) : [],
  })),
});
const answer = (r: Response | Error) => vi.fn(async () => (r instanceof Error ? Promise.reject(r) : r)) as unknown as typeof fetch;
const body = new Uint8Array([1, 2, 3]);

describe('putPart', () => {
  it('presigns the part at its exact length, PUTs it, and returns the ETag', async () => {
    const a = api();
    const fetch = answer(new Response(null, { status: 200, headers: { ETag: '"e2"' } }));
    expect(await putPart(a, fetch, 'rec1', 2, body)).toBe('"e2"');
    expect(a.presignParts).toHaveBeenCalledWith('rec1', [{ partNumber: 2, size: 3 }]);
    expect(fetch).toHaveBeenCalledWith('https://store/p2', { method: 'PUT', body });
  });

  it('says the store cannot be reached when the PUT gets no answer (status 0: retried)', async () => {
    const e = await putPart(api(), answer(new TypeError('Failed to fetch')), 'rec1', 2, body).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect(e).toMatchObject({ status: 0, code: 'network' });
  });

  it('takes a 200 without an ETag for no proof (status 0: retried)', async () => {
    const e = await putPart(api(), answer(new Response(null, { status: 200 })), 'rec1', 2, body).catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 0, code: 'store' });
  });

  it('passes on the store\'s refusal and its Retry-After', async () => {
    const e = await putPart(api(), answer(new Response('slow down', { status: 503, headers: { 'Retry-After': '3' } })), 'rec1', 2, body).catch((x: unknown) => x);
    expect(e).toMatchObject({ status: 503, code: 'store', retryAfterMs: 3000 });
  });

  it('fails for good without an upload address', async () => {
    const e = await putPart(api(''), answer(new Response(null)), 'rec1', 2, body).catch((x: unknown) => x);
    expect(e).not.toBeInstanceOf(ApiError);
    expect((e as Error).message).toBe('no upload address');
  });
});
