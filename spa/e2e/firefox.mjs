// Launches Debian's firefox-esr headless for end-to-end tests, driven by puppeteer-core over
// WebDriver BiDi (Playwright's own Firefox build cannot be downloaded here). Fake camera and
// microphone, no permission prompts, ICE on loopback, autoplay without a gesture.
import puppeteer from 'puppeteer-core';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const FIREFOX = process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';

export const FIREFOX_PREFS = {
  'media.navigator.streams.fake': true,
  'media.navigator.permission.disabled': true,
  'media.peerconnection.ice.loopback': true,
  'media.peerconnection.ice.obfuscate_host_addresses': false,
  'media.autoplay.default': 0,
  'media.autoplay.blocking_policy': 0,
  // nothing leaves the machine: no updates, telemetry, safe-browsing or captive-portal checks
  'app.update.enabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'toolkit.telemetry.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
};

/**
 * A PulseAudio server with one null sink at 48 kHz, for Firefox's audio output. Without an output
 * device Firefox never starts an AudioContext (it stays "suspended", resume() never settles), so
 * the lossless track's AudioWorklet would record nothing; a null sink plays to nowhere on the
 * system clock. (ALSA's null plugin has no clock: the context would run many times faster than
 * real time.) Returns the server's address for {@link launchFirefox} and a stop function.
 */
export async function startAudioServer() {
  const dir = mkdtempSync(join(tmpdir(), 'podster-pulse-'));
  mkdirSync(join(dir, '.config/pulse'), { recursive: true });
  writeFileSync(join(dir, '.config/pulse/daemon.conf'), 'default-sample-rate = 48000\nexit-idle-time = -1\n');
  const socket = join(dir, 'native');
  const proc = spawn('pulseaudio', [
    '-n', '--daemonize=no', '--use-pid-file=no', '--disallow-exit', '--disallow-module-loading',
    '--load=module-null-sink sink_name=podster rate=48000', `--load=module-native-protocol-unix auth-anonymous=1 socket=${socket}`,
  ], { env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir }, stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(socket)) throw new Error('pulseaudio did not start');
  return { server: `unix:${socket}`, stop: () => proc.kill('SIGTERM') };
}

/**
 * A headless Firefox on `profile` (a directory; reopen it to find its cookies and IndexedDB again),
 * playing audio to `audioServer` (from {@link startAudioServer}) when given.
 */
export function launchFirefox(profile, audioServer) {
  return puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile, extraPrefsFirefox: FIREFOX_PREFS,
    env: audioServer ? { ...process.env, PULSE_SERVER: audioServer } : process.env,
  });
}

/** SIGKILLs the Firefox started on this profile (its main process names the profile), as a crash would. */
export function killFirefox(profile) {
  const ps = execFileSync('ps', ['-eo', 'pid=,args=']).toString().split('\n');
  const main = ps.find((l) => l.includes(profile) && /firefox/.test(l) && !l.includes('-contentproc'));
  if (!main) throw new Error(`no Firefox runs with profile ${profile}`);
  const pid = Number(main.trim().split(/\s+/)[0]);
  process.kill(pid, 'SIGKILL');
  return pid;
}
