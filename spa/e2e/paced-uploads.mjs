// Uploads paced against uploads unpaced, on shaped uplinks (e2e/shaped-uplink.mjs): a host and a
// guest, each Chromium in its own network namespace behind `RATE` of uplink, record a 1080p take
// (the room's default; fake camera) of TAKE_SECONDS, with the call sampled every second; then Stop,
// and the time until every track is complete in the store. Once with pacing (the product) and once
// with it switched off (localStorage `podster.uploadPacing` = `off`, a test-only switch): both at
// the same time, each pair on uplinks of its own, so that both meet the same load on shared cores
// (SEQUENTIAL=1: one after the other).
// Usage: node e2e/paced-uploads.mjs BASE_URL   (env TAKE_SECONDS=180, RATE=4mbit, SIDES=paced,unpaced,
//   VERBOSE=1 prints the pacer and the call every 5 s and every sample at the end)
import assert from 'node:assert/strict';
import { launchBrowserAt, newProfile, watchProblems } from './browser.mjs';
import { keepPeerConnections, sampleCalls, summarize } from './call-stats.mjs';
import { shapedNet } from './shaped-uplink.mjs';
import { STUDIO_ARGS, awaitBothSee, awaitTakeComplete, guestJoins, hostOpensRoom, logger, sleep } from './studio-steps.mjs';

const base = process.argv[2];
assert.ok(base, 'usage: paced-uploads.mjs BASE_URL');
const takeSeconds = Number(process.env.TAKE_SECONDS ?? 180);
const rate = process.env.RATE ?? '4mbit';
const warmupSeconds = Number(process.env.WARMUP_SECONDS ?? 25);
const sides = (process.env.SIDES ?? 'paced,unpaced').split(',');
const verbose = process.env.VERBOSE === '1';
const log = logger('paced-uploads');

const net = await shapedNet(['ph', 'pg', 'uh', 'ug'], { rate });

async function open(name, paced) {
  const b = net.browsers[name];
  const context = await launchBrowserAt(newProfile(), [...STUDIO_ARGS, ...b.args], { executablePath: b.executablePath });
  const page = context.pages()[0] ?? (await context.newPage());
  if (!paced) await page.addInitScript(() => localStorage.setItem('podster.uploadPacing', 'off'));
  await keepPeerConnections(page);
  if (process.env.STUDIO_DEBUG) page.on('console', (m) => console.log(`[${name}] ${m.type()}: ${m.text()}`));
  return { context, page, problems: watchProblems(page) };
}

const backlogMB = (page) => page.evaluate(() => (window.__podster?.uploads?.() ?? []).reduce((n, t) => n + t.bytesRecorded - t.bytesUploaded, 0) / 1048576);

const pacing = (page) => page.evaluate(() => {
  const p = window.__podster?.uploadPacing?.();
  if (!p) return '?';
  const k = (bps) => (bps == null ? '-' : `${Math.round(bps / 1000)}k`);
  return `${p.paced ? 'paced' : 'full'} parts ${p.pacedParts}/${p.parts} budget ${k(p.budgetBps)} wait ${Math.max(0, Math.round((p.resumeAt - performance.now()) / 1000))}s recoverTo ${k(p.recoverTo)} call ${k(p.call?.sendBps)}/${k(p.call?.availableBps)}`;
});

async function side(paced) {
  const name = paced ? 'paced' : 'unpaced';
  const host = await open(paced ? 'ph' : 'uh', paced);
  const guest = await open(paced ? 'pg' : 'ug', paced);
  try {
    const hp = host.page;
    const gp = guest.page;
    const room = await hostOpensRoom(hp, base);
    await guestJoins(gp, base, room);
    await awaitBothSee(hp, gp, 60_000);
    const sampler = sampleCalls({ host: hp, guest: gp });
    // the call climbs to its 720p cap first, as it would before anyone records
    await sleep(warmupSeconds * 1000);
    const settled = Date.now();
    // not startTake: on loaded cores a page may see the take only after its 3 s countdown is over
    await hp.getByRole('button', { name: 'Record' }).click();
    for (const p of [hp, gp]) await p.getByText('Recording', { exact: true }).waitFor({ timeout: 60_000 });
    const started = Date.now();
    log(`${name}: recording (${takeSeconds} s)`);
    const end = started + takeSeconds * 1000;
    while (Date.now() < end) {
      await sleep(Math.min(5000, end - Date.now()));
      if (verbose) log(`${name}: backlog host ${(await backlogMB(hp)).toFixed(1)} MB, guest ${(await backlogMB(gp)).toFixed(1)} MB; pacing host ${await pacing(hp)}, guest ${await pacing(gp)}`);
    }
    const backlog = { host: await backlogMB(hp), guest: await backlogMB(gp) };
    const stopped = Date.now();
    await hp.getByRole('button', { name: 'Stop recording' }).click();
    await awaitTakeComplete(hp, room.id, 4, { timeoutMs: 600_000 });
    const drained = Date.now();
    await sampler.stop();
    if (verbose) {
      for (const [who, list] of Object.entries(sampler.samples)) {
        for (const s of list) console.log(name, who, ((s.wall - started) / 1000).toFixed(0), `rtt=${s.rttMs?.toFixed(0)} avail=${((s.availableBps ?? 0) / 1e3).toFixed(0)}k h=${s.sendHeight} ${s.limitation} frames=${s.framesDecoded} freeze=${s.freezeSeconds.toFixed(1)}`);
      }
    }
    const problems = [...host.problems, ...guest.problems];
    assert.deepEqual(problems, [], `${name}: the pages reported problems`);
    return {
      name,
      before: summarize(sampler.samples, settled - 10_000, started),
      take: summarize(sampler.samples, started, stopped),
      backlogMB: backlog.host + backlog.guest,
      drainSeconds: (drained - stopped) / 1000,
    };
  } finally {
    await host.context.close();
    await guest.context.close();
  }
}

try {
  let results = [];
  if (process.env.SEQUENTIAL === '1') for (const s of sides) results.push(await side(s === 'paced'));
  else results = await Promise.all(sides.map((s) => side(s === 'paced')));
  print(results);
} finally {
  net.close();
}

function print(results) {
  const rows = [
    ['frames decoded per second (each way, during the take)', (r) => r.take.fps, 1],
    ['freezes (both ways)', (r) => r.take.freezes, 0],
    ['freeze time, s (both ways)', (r) => r.take.freezeSeconds, 1],
    ['round-trip time, mean ms', (r) => r.take.rttMeanMs, 0],
    ['round-trip time, p95 ms', (r) => r.take.rttP95Ms, 0],
    ['call send, kbit/s (each way)', (r) => r.take.sendKbps, 0],
    ['round-trip time before the take, mean ms', (r) => r.before.rttMeanMs, 0],
    ['backlog at Stop, MB (both)', (r) => r.backlogMB, 1],
    ['drain after Stop, s (all 4 tracks complete)', (r) => r.drainSeconds, 1],
  ];
  console.log(`\n${takeSeconds} s 1080p take, host and guest each behind a ${rate} uplink (tc tbf)`);
  console.log(`${''.padEnd(52)}${results.map((r) => r.name.padStart(10)).join('')}${results.length === 2 ? '     ratio' : ''}`);
  for (const [label, f, digits] of rows) {
    const v = results.map(f);
    const ratio = v.length === 2 && v[1] !== 0 ? (v[0] / v[1]).toFixed(2) : '';
    console.log(`${label.padEnd(52)}${v.map((x) => x.toFixed(digits).padStart(10)).join('')}${ratio.padStart(10)}`);
  }
}
