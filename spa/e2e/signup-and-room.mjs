// A newcomer's first minutes, in a real browser against a running node:
// sign up, create a room, open it, reload it, log out, log back in; a guest joins by invite.
// Usage: node e2e/signup-and-room.mjs http://127.0.0.1:8080
import assert from 'node:assert/strict';
import { launchBrowser, watchProblems } from './browser.mjs';

const base = process.argv[2];
assert.ok(base, 'usage: signup-and-room.mjs BASE_URL');
const email = `e2e-${Date.now()}@example.com`;
const context = await launchBrowser();
try {
  const page = await context.newPage();
  const problems = watchProblems(page);

  await page.goto(`${base}/#signup`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByLabel('Display name').fill('Ada <b>Lovelace</b>');
  await page.getByRole('button', { name: 'Sign up' }).click();

  await page.getByLabel('Room name').fill('Episode 1');
  await page.getByRole('button', { name: 'New room' }).click();
  const roomLink = page.getByRole('link', { name: 'Episode 1' });
  await roomLink.waitFor();
  // The display name is text, never markup.
  await page.getByText('Ada <b>Lovelace</b>').first().waitFor();

  await roomLink.click();
  await page.waitForURL(/\/rooms\/[0-9a-f-]{36}$/);
  const roomUrl = page.url();
  await page.reload();
  await page.getByText('Episode 1').first().waitFor();

  const rooms = await page.evaluate(async () => (await fetch('/api/rooms')).json());
  const inviteCode = rooms.rooms[0].inviteCode;

  await page.goto(base);
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('button', { name: 'Log in' }).waitFor();
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill('wrong password!');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('alert').waitFor();
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('link', { name: 'Episode 1' }).waitFor();

  const guestContext = await launchBrowser();
  try {
    const guest = await guestContext.newPage();
    problems.push(...watchProblems(guest));
    await guest.goto(`${base}/join/${inviteCode}`);
    await guest.getByLabel('Display name').fill('Grace');
    await guest.getByRole('button', { name: 'Join' }).click();
    await guest.waitForURL(roomUrl);
    await guest.getByText('Episode 1').first().waitFor();
  } finally {
    await guestContext.close();
  }

  assert.deepEqual(problems, []);
  console.log('e2e signup-and-room: passed');
} finally {
  await context.close();
}
