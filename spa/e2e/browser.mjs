// Launches Debian's Chromium for end-to-end tests: no browser download, nothing sent off the machine.
import { chromium } from 'playwright-core';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fakeMicrophoneWav } from './fake-microphone.mjs';

export async function launchBrowser() {
  return launchBrowserAt(newProfile());
}

/** A fresh profile directory; keep it to reopen the same browser (cookies, IndexedDB) later. */
export function newProfile() {
  return mkdtempSync(join(tmpdir(), 'podster-e2e-'));
}

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream',
  '--allow-loopback-in-peer-connection',
];

/** The fake camera, and for a microphone beeps without a beat (fake-microphone.mjs). */
function fakeDeviceArgs(microphone = {}) {
  return [...ARGS, `--use-file-for-fake-audio-capture=${fakeMicrophoneWav(microphone)}`];
}

/**
 * `executablePath`: another way to start Chromium (e2e/shaped-uplink.mjs: inside a network namespace).
 * `audio` (firefox.mjs' startAudioServer): no fake devices; Chromium's microphone is that PulseAudio
 * server's default source and it has no camera (its fake camera comes only with its fake microphone).
 * `microphone`: the fake microphone's options (fake-microphone.mjs).
 */
export async function launchBrowserAt(profile, extraArgs = [], { executablePath = CHROMIUM, audio = null, microphone = {} } = {}) {
  const args = audio ? ARGS.filter((a) => a !== '--use-fake-device-for-media-stream') : fakeDeviceArgs(microphone);
  const env = audio ? { ...process.env, PULSE_SERVER: audio.server } : undefined;
  return chromium.launchPersistentContext(profile, { executablePath, headless: true, args: [...args, ...extraArgs], ...(env ? { env } : {}) });
}

/**
 * A Chromium that runs on its own, to attach to now and then ({@link attach}) rather than drive
 * all along: while Playwright is attached, DevTools' network agent keeps every request body the
 * page sends (each 5 MiB part a tab uploads stays in its memory), which a memory benchmark must
 * not count. Returns the process and its DevTools endpoint.
 */
export async function launchDetached(profile, extraArgs = []) {
  const proc = spawn(CHROMIUM, [...fakeDeviceArgs(), ...extraArgs, '--headless', '--remote-debugging-port=0', `--user-data-dir=${profile}`, 'about:blank'], { stdio: 'ignore' });
  const portFile = join(profile, 'DevToolsActivePort');
  for (let i = 0; i < 150 && !existsSync(portFile); i++) await new Promise((r) => setTimeout(r, 100));
  const port = readFileSync(portFile, 'utf8').split('\n')[0];
  return { proc, endpoint: `http://127.0.0.1:${port}` };
}

/** Attaches Playwright to a detached browser; returns its page and a function that detaches again. */
export async function attach(endpoint) {
  const browser = await chromium.connectOverCDP(endpoint);
  const context = browser.contexts()[0];
  const page = context.pages().find((p) => p.url() !== 'about:blank') ?? context.pages()[0] ?? (await context.newPage());
  return { context, page, detach: () => browser.close() };
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

/** SIGKILLs the Chromium started for this profile (found by its own --user-data-dir), as a crash would. */
export function killBrowser(profile) {
  const ps = execFileSync('ps', ['-eo', 'pid=,args=']).toString().split('\n');
  const main = ps.find((l) => l.includes(`--user-data-dir=${profile}`) && !l.includes('--type='));
  if (!main) throw new Error(`no browser runs with profile ${profile}`);
  const pid = Number(main.trim().split(/\s+/)[0]);
  process.kill(pid, 'SIGKILL');
  return pid;
}
