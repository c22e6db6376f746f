// Launches Debian's firefox-esr headless for end-to-end tests, driven by puppeteer-core over
// WebDriver BiDi (Playwright's own Firefox build cannot be downloaded here). Fake camera, fake
// microphone or beeps from a PulseAudio server, no permission prompts, ICE on loopback, autoplay without a gesture.
import puppeteer from 'puppeteer-core';
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
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

const MICROPHONE_SINK = 'Podster_microphone';

/**
 * A PulseAudio server at 48 kHz with two null sinks: `podster`, Firefox's audio output, and
 * `microphone`, into which ffmpeg plays a beep a second in real time; the microphone sink's monitor
 * is the guest's microphone (see {@link launchFirefox}), and a remap of it, `beeping`, the default
 * source, a microphone Chromium can open (see browser.mjs' launchBrowserAt with `audio`).
 * The output: without an output device Firefox never starts an AudioContext (it stays "suspended",
 * resume() never settles), so the lossless track's AudioWorklet would record nothing; a null sink
 * plays to nowhere on the system clock. (ALSA's null plugin has no clock: the context would run many
 * times faster than real time.)
 * The microphone: Firefox's fake one hums a steady tone, in which no sound can be found twice, so
 * neither the camera's placement by its sound nor a test comparing a person's tracks could work on
 * it; beeps captured from a device on the system clock can be found in both of them.
 * Returns the server's address and the microphone's name for {@link launchFirefox}, and a stop function.
 */
export async function startAudioServer() {
  const dir = mkdtempSync(join(tmpdir(), 'podster-pulse-'));
  mkdirSync(join(dir, '.config/pulse'), { recursive: true });
  writeFileSync(join(dir, '.config/pulse/daemon.conf'), 'default-sample-rate = 48000\nexit-idle-time = -1\n');
  const socket = join(dir, 'native');
  const proc = spawn('pulseaudio', [
    '-n', '--daemonize=no', '--use-pid-file=no', '--disallow-exit', '--disallow-module-loading',
    '--load=module-null-sink sink_name=podster rate=48000',
    `--load=module-null-sink sink_name=microphone rate=48000 sink_properties=device.description=${MICROPHONE_SINK}`,
    // The same beeps as a source of its own for Chromium, which lists no monitor as a microphone.
    '--load=module-remap-source master=microphone.monitor source_name=beeping source_properties=device.description=Podster_beeping',
    `--load=module-native-protocol-unix auth-anonymous=1 socket=${socket}`,
  ], { env: { ...process.env, HOME: dir, XDG_RUNTIME_DIR: dir }, stdio: 'ignore' });
  for (let i = 0; i < 100 && !existsSync(socket); i++) await new Promise((r) => setTimeout(r, 50));
  if (!existsSync(socket)) throw new Error('pulseaudio did not start');
  const server = `unix:${socket}`;
  execFileSync('pactl', ['--server', socket, 'set-default-source', 'beeping']);
  // 50 ms of 880 Hz at half scale, once a second, sharp-edged so its onset is found to the sample
  const beeps = spawn('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', "aevalsrc='if(lt(mod(t,1),0.05),0.5*sin(2*PI*880*t),0)':s=48000",
    '-f', 'pulse', '-server', server, '-device', 'microphone', 'beeps'], { stdio: 'ignore' });
  return {
    server,
    microphone: `Monitor of ${MICROPHONE_SINK}`,
    /** The same microphone by its PulseAudio name, for a listener outside the browser. */
    monitorSource: 'microphone.monitor',
    stop: () => {
      beeps.kill('SIGTERM');
      proc.kill('SIGTERM');
    },
  };
}

/**
 * Firefox, started ahead of the other processes for the cores (nice −10, where this user may; else
 * as it is), as Chromium starts its own browser and GPU processes (−8 here). These tests put two
 * people's computers on two cores: beside the Chromium host's 1080p recorder and the server, the
 * Firefox guest's audio graph lost 1.5–3.1 s of every 12 s of microphone input on a busy day, six
 * runs (alone on the machine, beside two busy loops even, 0–135 ms); ahead, 257–630 ms in three
 * runs, 2.0 s in a fourth. A guest's own machine does not run the host's browser.
 */
let leading = null;
function firefoxAhead() {
  if (leading && existsSync(leading)) return leading;
  const file = join(mkdtempSync(join(tmpdir(), 'podster-firefox-')), 'firefox');
  // GNU nice says so on stderr and runs Firefox as it is where the user may not raise it
  writeFileSync(file, `#!/bin/sh\nexec nice -n -10 ${FIREFOX} "$@"\n`);
  chmodSync(file, 0o755);
  leading = file;
  return file;
}

/**
 * A headless Firefox on `profile` (a directory; reopen it to find its cookies and IndexedDB again).
 * With `audio` (from {@link startAudioServer}) it plays to that server's output and its microphone
 * is that server's beeps: a loopback device named by `media.audio_loopback_dev` takes the fake
 * microphone's place while the camera stays fake. Without, both are fake and nothing plays.
 */
export function launchFirefox(profile, audio = null) {
  return puppeteer.launch({
    browser: 'firefox', executablePath: firefoxAhead(), headless: true, userDataDir: profile,
    extraPrefsFirefox: audio ? { ...FIREFOX_PREFS, 'media.audio_loopback_dev': audio.microphone } : FIREFOX_PREFS,
    env: audio ? { ...process.env, PULSE_SERVER: audio.server, PULSE_SINK: 'podster' } : process.env,
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
