// The dashboard's take view, as the host uses it after a take: each track's row says its format
// and that it is saved; Rename take names the take; Delete take asks first, and once confirmed
// the take leaves the list and its tracks can no longer be downloaded (the store no longer has them).
import assert from 'node:assert/strict';

/** Renames then deletes `takeId` of `roomId` from a fresh dashboard tab of the host's `context`. */
export async function renameAndDeleteTake(context, base, roomId, takeId) {
  const dash = await context.newPage();
  try {
    await dash.goto(`${base}/`);
    const take = dash.locator(`li[data-take-id="${takeId}"]`);
    await take.waitFor({ timeout: 15_000 });
    const before = await dash.evaluate(async (id) => (await (await fetch(`/api/rooms/${id}/takes`)).json()).takes, roomId);
    const tracks = before.find((t) => t.id === takeId).tracks;
    for (const t of tracks) {
      const row = take.locator(`li[data-recording-id="${t.recordingId}"]`);
      assert.match(await row.textContent(), / · (WebM|MP4|WAV|FLAC)[^·]*·.* · saved/, `track row ${t.kind} says its format and saved`);
    }
    await take.getByRole('button', { name: 'Rename take' }).click();
    await take.getByLabel('Take name').fill('Pilot, take two');
    await take.getByRole('button', { name: 'Save' }).click();
    await take.getByText('Pilot, take two', { exact: true }).waitFor();

    await take.getByRole('button', { name: 'Delete take' }).click();
    const dialog = dash.getByRole('alertdialog', { name: 'Delete Pilot, take two?' });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
    await take.getByRole('button', { name: 'Delete take' }).click();
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dash.getByText('Deleted Pilot, take two.').waitFor({ timeout: 30_000 });
    await take.waitFor({ state: 'detached' });
    for (const t of tracks) {
      const res = await context.request.get(`${base}/api/recordings/${t.recordingId}/download`, { maxRedirects: 0 });
      assert.equal(res.status(), 404, `track ${t.recordingId} is gone after Delete take`);
    }
    return tracks.length;
  } finally {
    await dash.close();
  }
}
