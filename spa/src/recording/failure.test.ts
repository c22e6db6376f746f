import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/errors';
import { describeUploadFailure } from './failure';

describe('describeUploadFailure', () => {
  it('names the way forward for each kind of lasting failure', () => {
    expect(describeUploadFailure(new ApiError(413, 'quota_exceeded', 'x'))).toMatch(/storage is full.*try again/);
    expect(describeUploadFailure(new ApiError(401, 'unauthorized', 'x'))).toMatch(/Log in again.*try again/);
    expect(describeUploadFailure(new ApiError(404, 'not_found', 'x'))).toMatch(/Discard it/);
    expect(describeUploadFailure(new ApiError(400, 'bad_request', 'Part 2 is too small.'))).toBe('Part 2 is too small. Try again.');
    expect(describeUploadFailure(new Error('part 3 lost chunks'))).toMatch(/part 3 lost chunks.*discard/);
  });
});
