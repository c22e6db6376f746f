import { describe, expect, it } from 'vitest';
import { readCookie } from './cookies';

describe('readCookie', () => {
  it.each([
    ['podster_csrf=abc', 'abc'],
    ['a=1; podster_csrf=abc; b=2', 'abc'],
    ['  podster_csrf = abc  ', 'abc'],
    ['podster_csrf=a%20b', 'a b'],
    ['podster_csrf=%E0%A4%A', '%E0%A4%A'],
    ['podster_csrf=a=b', 'a=b'],
    ['podster_csrf=', ''],
  ])('reads %j as %j', (header, expected) => {
    expect(readCookie(header, 'podster_csrf')).toBe(expected);
  });

  it.each([[''], ['x_podster_csrf=abc'], ['podster_csrfx=abc'], ['garbage']])(
    'finds nothing in %j',
    (header) => {
      expect(readCookie(header, 'podster_csrf')).toBeNull();
    },
  );
});
