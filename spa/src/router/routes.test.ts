import { describe, expect, it } from 'vitest';
import { authModeFromHash, matchRoute, roomPath } from './routes';

describe('matchRoute', () => {
  it.each([
    ['/', { name: 'home' }],
    ['', { name: 'home' }],
    ['/rooms/abc', { name: 'room', id: 'abc' }],
    ['/rooms/abc/', { name: 'room', id: 'abc' }],
    ['/rooms/a%20b', { name: 'room', id: 'a b' }],
    ['/rooms/%E0%A4', { name: 'room', id: '%E0%A4' }],
    ['/join/XyZ-12', { name: 'join', code: 'XyZ-12' }],
    ['/rooms', { name: 'notFound' }],
    ['/rooms/a/b', { name: 'notFound' }],
    ['/join/', { name: 'notFound' }],
    ['/elsewhere', { name: 'notFound' }],
  ])('%j → %j', (path, route) => {
    expect(matchRoute(path)).toEqual(route);
  });
});

describe('authModeFromHash', () => {
  it('picks sign up only for #signup', () => {
    expect(authModeFromHash('#signup')).toBe('signup');
    expect(authModeFromHash('#login')).toBe('login');
    expect(authModeFromHash('')).toBe('login');
  });
});

describe('roomPath', () => {
  it('round-trips through matchRoute', () => {
    expect(matchRoute(roomPath('a/b c'))).toEqual({ name: 'room', id: 'a/b c' });
  });
});
