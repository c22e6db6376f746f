// Launches Debian's Chromium for end-to-end tests: no browser download, nothing sent off the machine.
import { chromium } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export async function launchBrowser() {
  return launchBrowserAt(newProfile());
}

/** A fresh profile directory; keep it to reopen the same browser (cookies, IndexedDB) later. */
export function newProfile() {
  return mkdtempSync(join(tmpdir(), 'podster-e2e-'));
}

export async function launchBrowserAt(profile, extraArgs = []) {
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
      '--allow-loopback-in-peer-connection',
      ...extraArgs,
    ],
  });
}

/** Collects what a person would never want to see: page errors and CSP violations. */
export function watchProblems(page) {
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused to/.test(m.text())) problems.push(m.text());
  });
  return problems;
}

/** SIGKILLs the Chromium started for this profile (found by its own --user-data-dir), as a crash would. */
export function killBrowser(profile) {
  const ps = execFileSync('ps', ['-eo', 'pid=,args=']).toString().split('\n');
  const main = ps.find((l) => l.includes(`--user-data-dir=${profile}`) && !l.includes('--type='));
  if (!main) throw new Error(`no browser runs with profile ${profile}`);
  const pid = Number(main.trim().split(/\s+/)[0]);
  process.kill(pid, 'SIGKILL');
  return pid;
}
