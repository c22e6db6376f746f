/** @vitest-environment jsdom */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createHistory } from './history';

describe('createHistory', () => {
  afterEach(() => window.history.replaceState(null, '', '/'));

  it('navigate pushes the address and tells subscribers', () => {
    const history = createHistory(window);
    const listener = vi.fn();
    history.subscribe(listener);

    history.navigate('/rooms/r1');

    expect(window.location.pathname).toBe('/rooms/r1');
    expect(history.location()).toEqual({ pathname: '/rooms/r1', hash: '' });
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('replace does not add a history entry', () => {
    const history = createHistory(window);
    const before = window.history.length;

    history.navigate('/#signup', { replace: true });

    expect(window.history.length).toBe(before);
    expect(history.snapshot()).toBe('/#signup');
  });

  it('tells subscribers about back/forward (popstate) until they unsubscribe', () => {
    const history = createHistory(window);
    const listener = vi.fn();
    const unsubscribe = history.subscribe(listener);

    window.dispatchEvent(new PopStateEvent('popstate'));
    unsubscribe();
    window.dispatchEvent(new PopStateEvent('popstate'));

    expect(listener).toHaveBeenCalledTimes(1);
  });
});
