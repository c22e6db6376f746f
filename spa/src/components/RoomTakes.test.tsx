/** @vitest-environment jsdom */
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiProvider } from '../api/ApiContext';
import { ApiError } from '../api/errors';
import type { ApiClient, Take } from '../api/client';
import { fakeApi } from '../test/fakeApi';
import { RoomTakes } from './RoomTakes';

afterEach(cleanup);

const take: Take = {
  id: 't1',
  number: 1,
  name: null,
  startedAt: '2026-11-30T10:00:00Z',
  startAt: '2026-11-30T10:00:03Z',
  stoppedAt: '2026-11-30T10:30:03Z',
  tracks: [
    { recordingId: 'a', userId: 'u1', displayName: 'Ada', kind: 'camera', state: 'complete', offsetMs: 0, stranded: false, mimeType: 'video/webm;codecs=vp9,opus', size: 52_428_800, durationMs: 1_800_000 },
    { recordingId: 'w', userId: 'u1', displayName: 'Ada', kind: 'audio', state: 'complete', offsetMs: 0, mimeType: 'audio/wav', size: 1_048_576, durationMs: 1_800_000, sampleRate: 48000 },
    { recordingId: 'g', userId: 'u2', displayName: 'Grace', kind: 'camera', state: 'uploading', offsetMs: 40, stranded: true, mimeType: 'video/webm;codecs=vp8,opus' },
  ],
};

function show(api: ApiClient, props: { host?: boolean; viewerId?: string } = {}) {
  return render(
    <ApiProvider client={api}>
      <RoomTakes roomId="r1" host={props.host ?? true} viewerId={props.viewerId ?? 'u1'} />
    </ApiProvider>,
  );
}

const listing = (...takes: Take[]) => vi.fn().mockResolvedValue({ takes });

describe('RoomTakes', () => {
  it('gives per take when, how long and who, and per track kind, format, duration, size and state', async () => {
    show(fakeApi({ listTakes: listing(take) }));
    const item = (await screen.findByText('Take 1')).closest('li')!;
    const header = item.firstElementChild!;
    expect(header.textContent).toContain(' · 30:00');
    expect(header.textContent).toContain('Ada, Grace');
    const rows = within(item).getAllByRole('listitem');
    expect(rows[0]!.textContent).toContain('Ada · Camera · WebM · VP9, Opus · 30:00 · 50.0 MB · saved');
    expect(rows[1]!.textContent).toContain('Ada · Lossless audio · WAV · 48 kHz · 30:00 · 1.0 MB · saved');
    expect(rows[2]!.textContent).toContain('Grace · Camera · WebM · VP8, Opus · stopped');
    expect(screen.getByRole('link', { name: "Download Ada's camera" })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Download take' })).toBeTruthy();
  });

  it('says what to do about a stranded track, and whose browser must finish it', async () => {
    show(fakeApi({ listTakes: listing(take) }));
    const advice = await screen.findByText(/^Grace's upload stopped — it resumes when Grace reopens the invite link/);
    expect(advice.closest('li')?.getAttribute('data-recording-id')).toBe('g');
    expect(advice.textContent).toMatch(/ask Grace to press Try again\.$/);
    expect(screen.getAllByText(/upload stopped/)).toHaveLength(1);
  });

  it('offers no Download take or Delete take while the take runs, and no Download take before any track is complete', async () => {
    const running = { ...take, id: 't2', number: 2, stoppedAt: null };
    const empty = { ...take, id: 't3', number: 3, tracks: take.tracks.map((t) => ({ ...t, state: 'uploading' })) };
    show(fakeApi({ listTakes: listing(empty, running) }));
    const runningItem = (await screen.findByText('Take 2')).closest('li')!;
    expect(runningItem.textContent).toContain('recording');
    expect(within(runningItem).queryByRole('button', { name: 'Delete take' })).toBeNull();
    expect(within(runningItem).getByRole('button', { name: 'Rename take' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Download take' })).toBeNull();
  });

  it('shows a participant no Rename take or Delete take', async () => {
    show(fakeApi({ listTakes: listing(take) }), { host: false, viewerId: 'u2' });
    await screen.findByText('Take 1');
    expect(screen.queryByRole('button', { name: 'Rename take' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Delete take' })).toBeNull();
    // their own stranded track is theirs to resume
    expect(screen.getByText(/^Your upload stopped/)).toBeTruthy();
  });

  it('renames a take: Rename take, the Take name field, Save; Escape cancels without a request', async () => {
    const user = userEvent.setup();
    const renameTake = vi.fn().mockResolvedValue({ take: { ...take, name: 'Pilot episode' } });
    show(fakeApi({ listTakes: listing(take), renameTake }));
    await user.click(await screen.findByRole('button', { name: 'Rename take' }));
    expect((screen.getByLabelText('Take name') as HTMLInputElement).value).toBe('Take 1');
    await user.keyboard('{Escape}');
    expect(screen.queryByLabelText('Take name')).toBeNull();
    expect(renameTake).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Rename take' }));
    await user.clear(screen.getByLabelText('Take name'));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(screen.getByRole('alert').textContent).toBe('Give the take a name.');
    await user.type(screen.getByLabelText('Take name'), '  Pilot episode ');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(renameTake).toHaveBeenCalledWith('r1', 't1', 'Pilot episode');
    expect(await screen.findByText('Pilot episode')).toBeTruthy();
    expect(screen.queryByLabelText('Take name')).toBeNull();
  });

  it('deletes a take only after the dialog is confirmed; Cancel and Escape delete nothing', async () => {
    const user = userEvent.setup();
    const deleteTake = vi.fn().mockResolvedValue(undefined);
    show(fakeApi({ listTakes: listing(take), deleteTake }));
    await user.click(await screen.findByRole('button', { name: 'Delete take' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete Take 1?' });
    expect(dialog.textContent).toContain('2 saved tracks (51.0 MB) of Ada, Grace will be deleted from storage, and 1 upload still under way will be stopped. This cannot be undone.');
    expect(document.activeElement).toBe(within(dialog).getByRole('button', { name: 'Cancel' }));
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Delete take' }));
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(deleteTake).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Delete take' }));
    await user.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    expect(deleteTake).toHaveBeenCalledWith('r1', 't1');
    await waitFor(() => expect(screen.queryByText('Take 1')).toBeNull());
    expect(screen.getByText('Deleted Take 1.')).toBeTruthy();
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('keeps the dialog open with the reason when the delete fails, and a second Delete finishes it', async () => {
    const user = userEvent.setup();
    const deleteTake = vi
      .fn()
      .mockRejectedValueOnce(new ApiError(503, 'unavailable', 'The service is briefly unavailable. Try again in a few seconds.'))
      .mockResolvedValueOnce(undefined);
    show(fakeApi({ listTakes: listing({ ...take, name: 'Pilot' }), deleteTake }));
    await user.click(await screen.findByRole('button', { name: 'Delete take' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete Pilot?' });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe('The service is briefly unavailable. Try again in a few seconds.');
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(screen.queryByText('Pilot')).toBeNull());
    expect(deleteTake).toHaveBeenCalledTimes(2);
  });

  it('says a deletion the store interrupted is unfinished, and offers Delete take again', async () => {
    show(fakeApi({ listTakes: listing({ ...take, deleting: true }) }));
    expect(await screen.findByText(/^Deleting this take did not finish/)).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Delete take' })).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Rename take' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Download take' })).toBeNull();
  });
});
