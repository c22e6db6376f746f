/** @vitest-environment jsdom */
import { cleanup, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from './api/errors';
import { ada, deferred, fakeApi, weekly } from './test/fakeApi';
import { renderApp } from './test/renderApp';

afterEach(cleanup);

describe('signing in', () => {
  it('shows the log in form when nobody is signed in', async () => {
    renderApp(fakeApi({ me: vi.fn().mockResolvedValue(null) }));

    expect(await screen.findByRole('button', { name: 'Log in' })).toBeTruthy();
    expect(screen.getByLabelText('Email')).toBe(document.activeElement);
    expect(screen.getByLabelText('Password')).toBeTruthy();
  });

  it('shows the API message in role=alert when log in fails, and lets the person retry', async () => {
    const user = userEvent.setup();
    const answer = deferred<never>();
    const login = vi.fn(() => answer.promise);
    renderApp(fakeApi({ me: vi.fn().mockResolvedValue(null), login }));

    await user.type(await screen.findByLabelText('Email'), 'ada@example.org');
    await user.type(screen.getByLabelText('Password'), 'wrong-password{Enter}');

    const button = screen.getByRole('button', { name: 'Log in' }) as HTMLButtonElement;
    expect(button.disabled).toBe(true);
    expect(login).toHaveBeenCalledWith({ email: 'ada@example.org', password: 'wrong-password' });

    answer.reject(new ApiError(401, 'bad_credentials', 'Wrong email or password.'));

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Wrong email or password.');
    expect(button.disabled).toBe(false);
  });

  it('signs up from the switched form and lands on the dashboard', async () => {
    const user = userEvent.setup();
    const signup = vi.fn().mockResolvedValue({ user: ada });
    renderApp(
      fakeApi({
        me: vi.fn().mockResolvedValue(null),
        signup,
        listRooms: vi.fn().mockResolvedValue({ rooms: [weekly] }),
      }),
    );

    await user.click(await screen.findByRole('link', { name: 'Create an account' }));
    expect(window.location.hash).toBe('#signup');
    await user.type(screen.getByLabelText('Email'), ' ada@example.org ');
    await user.type(screen.getByLabelText('Password'), 'longenough');
    await user.type(screen.getByLabelText('Display name'), 'Ada');
    await user.click(screen.getByRole('button', { name: 'Sign up' }));

    expect(signup).toHaveBeenCalledWith({ email: 'ada@example.org', password: 'longenough', displayName: 'Ada' });
    expect(await screen.findByRole('heading', { name: 'Your rooms' })).toBe(document.activeElement);
    expect(await screen.findByRole('link', { name: 'Weekly' })).toBeTruthy();
  });

  it('offers a retry when the session check itself fails', async () => {
    const user = userEvent.setup();
    const me = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(0, 'network', 'Could not reach Podster.'))
      .mockResolvedValueOnce(null);
    renderApp(fakeApi({ me }));

    expect((await screen.findByRole('alert')).textContent).toBe('Could not reach Podster.');
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('button', { name: 'Log in' })).toBeTruthy();
  });
});

describe('dashboard', () => {
  it('lists rooms with links and makes a new one', async () => {
    const user = userEvent.setup();
    const created = { ...weekly, id: 'r2', name: 'Pilot', inviteCode: 'inv-2' };
    const createRoom = vi.fn().mockResolvedValue({ room: created });
    renderApp(
      fakeApi({
        me: vi.fn().mockResolvedValue({ user: ada }),
        listRooms: vi.fn().mockResolvedValue({ rooms: [weekly] }),
        createRoom,
      }),
    );

    const existing = await screen.findByRole('link', { name: 'Weekly' });
    expect(existing.getAttribute('href')).toBe('/rooms/r1');

    await user.type(screen.getByLabelText('Room name'), 'Pilot{Enter}');

    expect(createRoom).toHaveBeenCalledWith({ name: 'Pilot' });
    expect((await screen.findByRole('link', { name: 'Pilot' })).getAttribute('href')).toBe('/rooms/r2');
    expect((screen.getByLabelText('Room name') as HTMLInputElement).value).toBe('');
  });

  it('copies the invite link for a room', async () => {
    const user = userEvent.setup();
    renderApp(
      fakeApi({
        me: vi.fn().mockResolvedValue({ user: ada }),
        listRooms: vi.fn().mockResolvedValue({ rooms: [weekly] }),
      }),
    );

    await user.click(await screen.findByRole('button', { name: 'Copy invite link' }));

    expect(await navigator.clipboard.readText()).toBe(`${window.location.origin}/join/inv-1`);
    expect(await screen.findByText('Invite link copied.')).toBeTruthy();
  });

  it('logs out back to the log in form', async () => {
    const user = userEvent.setup();
    const logout = vi.fn().mockResolvedValue(undefined);
    renderApp(
      fakeApi({
        me: vi.fn().mockResolvedValue({ user: ada }),
        listRooms: vi.fn().mockResolvedValue({ rooms: [] }),
        logout,
      }),
    );

    await user.click(await screen.findByRole('button', { name: 'Log out' }));

    expect(logout).toHaveBeenCalledTimes(1);
    expect(await screen.findByRole('button', { name: 'Log in' })).toBeTruthy();
  });
});

describe('rooms and invites', () => {
  it('shows a room by its id from the address, with its lobby', async () => {
    const getRoom = vi.fn().mockResolvedValue({ room: weekly });
    renderApp(fakeApi({ me: vi.fn().mockResolvedValue({ user: ada }), getRoom }), '/rooms/r1');

    expect(await screen.findByRole('heading', { name: 'Weekly' })).toBeTruthy();
    // the lobby: a Join button; without a camera (jsdom has none) it says so
    expect(screen.getByRole('button', { name: 'Join' })).toBeTruthy();
    expect(await screen.findByText('This browser cannot use a camera here.')).toBeTruthy();
    expect(getRoom).toHaveBeenCalledWith('r1');
    expect(screen.getByRole('link', { name: /back to your rooms/i }).getAttribute('href')).toBe('/');
  });

  it('shows why a room cannot be opened', async () => {
    const getRoom = vi.fn().mockRejectedValue(new ApiError(403, 'forbidden', 'You are not a member of this room.'));
    renderApp(fakeApi({ me: vi.fn().mockResolvedValue({ user: ada }), getRoom }), '/rooms/r9');

    expect((await screen.findByRole('alert')).textContent).toBe('You are not a member of this room.');
  });

  it('joins as a guest and moves to the room', async () => {
    const user = userEvent.setup();
    const guest = { id: 'g1', email: null, displayName: 'Grace', role: 'guest' };
    const joinInvite = vi.fn().mockResolvedValue({ room: weekly, user: guest });
    const getRoom = vi.fn().mockResolvedValue({ room: weekly });
    renderApp(fakeApi({ me: vi.fn().mockResolvedValue(null), joinInvite, getRoom }), '/join/inv-1');

    await user.type(screen.getByLabelText('Display name'), 'Grace');
    await user.click(screen.getByRole('button', { name: 'Join' }));

    expect(joinInvite).toHaveBeenCalledWith('inv-1', { displayName: 'Grace' });
    expect(await screen.findByRole('heading', { name: 'Weekly' })).toBeTruthy();
    expect(window.location.pathname).toBe('/rooms/r1');
  });
});
