import { describe, expect, it } from 'vitest';
import { ApiError, describeError, errorFromBody } from './errors';

describe('errorFromBody', () => {
  it('keeps the server code and message', () => {
    const e = errorFromBody(401, { error: { code: 'bad_credentials', message: 'Wrong email or password.' } });
    expect(e).toMatchObject({ status: 401, code: 'bad_credentials', message: 'Wrong email or password.' });
  });

  it.each([
    [undefined],
    [null],
    ['text'],
    [{ error: 'flat string' }],
    [{ error: { code: 3, message: 'x' } }],
    [{ message: 'no envelope' }],
  ])('falls back to a status-based sentence for %j', (body) => {
    const e = errorFromBody(429, body);
    expect(e.code).toBe('http_429');
    expect(e.message).toMatch(/too many attempts/i);
  });
});

describe('describeError', () => {
  it('shows an ApiError message as is', () => {
    expect(describeError(new ApiError(400, 'bad_email', 'Enter a valid email.'))).toBe('Enter a valid email.');
  });

  it('does not leak arbitrary exception text', () => {
    expect(describeError(new Error('undefined is not a function'))).toBe('Something went wrong. Try again.');
  });
});
