/** @vitest-environment jsdom */
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../api/ApiContext';
import { ApiError } from '../api/errors';
import type { ApiClient } from '../api/client';
import type { Room } from '../api/types';
import { RouterProvider } from '../router/RouterContext';
import { deferred, fakeApi, weekly } from '../test/fakeApi';
import { RoomList } from './RoomList';

afterEach(cleanup);

function renderRooms(api: ApiClient, rooms: Room[]) {
  return render(
    <ApiProvider client={api}>
      <RouterProvider>
        <RoomList rooms={rooms} />
      </RouterProvider>
    </ApiProvider>,
  );
}

// RoomTakes lists each room's takes; these tests are about the invite buttons.
const noTakes = { listTakes: vi.fn().mockResolvedValue({ takes: [] }) };

describe('invite links', () => {
  it('the host makes a new invite link: the API is asked once, and Copy invite link copies the new one', async () => {
    const user = userEvent.setup();
    const answer = deferred<{ room: Room }>();
    const newInvite = vi.fn(() => answer.promise);
    renderRooms(fakeApi({ ...noTakes, newInvite }), [weekly]);

    const renew = screen.getByRole('button', { name: 'New invite link' }) as HTMLButtonElement;
    await user.click(renew);
    expect(renew.disabled).toBe(true);
    await user.click(renew);
    expect(newInvite).toHaveBeenCalledTimes(1);
    expect(newInvite).toHaveBeenCalledWith('r1');

    answer.resolve({ room: { ...weekly, inviteCode: 'inv-new' } });
    expect(await screen.findByText('New invite link made. The old link no longer works.')).toBeTruthy();
    expect(renew.disabled).toBe(false);

    await user.click(screen.getByRole('button', { name: 'Copy invite link' }));
    expect(await navigator.clipboard.readText()).toBe(`${window.location.origin}/join/inv-new`);
  });

  it('says why when a new link could not be made, and keeps the old one', async () => {
    const user = userEvent.setup();
    const newInvite = vi.fn().mockRejectedValue(new ApiError(403, 'not_host', 'Only the room\'s host can make a new invite link.'));
    renderRooms(fakeApi({ ...noTakes, newInvite }), [weekly]);

    await user.click(screen.getByRole('button', { name: 'New invite link' }));
    expect((await screen.findByRole('alert')).textContent).toBe("Only the room's host can make a new invite link.");

    await user.click(screen.getByRole('button', { name: 'Copy invite link' }));
    expect(await navigator.clipboard.readText()).toBe(`${window.location.origin}/join/inv-1`);
  });

  it('shows no invite buttons for a room whose code is not sent (the caller is not its host)', () => {
    const joined: Room = { id: 'r9', name: 'Their show', ownerId: 'u9', createdAt: weekly.createdAt };
    renderRooms(fakeApi(noTakes), [joined]);

    expect(screen.getByRole('link', { name: 'Their show' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Copy invite link' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'New invite link' })).toBeNull();
  });
});
