// Launches Debian's Chromium for end-to-end tests: no browser download, nothing sent off the machine.
import { chromium } from 'playwright-core';
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

/**
 * Flags that make this browser reach the public origin {@code publicUrl} at {@code nodeUrl}: as a
 * load balancer would, while the page, its cookies and its Origin header stay those of the public
 * URL. A non-localhost http origin is not secure, so it is declared secure for getUserMedia.
 */
export function reachThrough(publicUrl, nodeUrl) {
  const pub = new URL(publicUrl);
  const node = new URL(nodeUrl);
  return [`--host-resolver-rules=MAP ${pub.hostname} ${node.host}`, `--unsafely-treat-insecure-origin-as-secure=${pub.origin}`];
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
