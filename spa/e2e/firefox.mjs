// Launches Debian's firefox-esr headless for end-to-end tests, driven by puppeteer-core over
// WebDriver BiDi (Playwright's own Firefox build cannot be downloaded here). Fake camera and
// microphone, no permission prompts, ICE on loopback, autoplay without a gesture.
import puppeteer from 'puppeteer-core';
import { execFileSync } from 'node:child_process';

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

/** A headless Firefox on `profile` (a directory; reopen it to find its cookies and IndexedDB again). */
export function launchFirefox(profile) {
  return puppeteer.launch({
    browser: 'firefox', executablePath: FIREFOX, headless: true, userDataDir: profile, extraPrefsFirefox: FIREFOX_PREFS,
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
