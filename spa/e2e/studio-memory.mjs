// Benchmark, not a test: how much memory a studio tab holds as a take runs on (fake devices).
// A host and a guest join, the host records for MINUTES; every SAMPLE_SECONDS each tab's JS heap
// (CDP Performance.getMetrics, before and after a forced GC), its ArrayBuffer backing stores (CDP
// Runtime.getHeapUsage), its renderer's RSS (/proc), DOM nodes and listeners, and the IndexedDB
// bytes not yet in the store are sampled. Prints a table and each series' growth per minute
// (least squares after the first minute), then stops and checks both tracks complete.
// Usage: node e2e/studio-memory.mjs BASE_URL [MINUTES=10]   (env SAMPLE_SECONDS, default 30;
//   RECORD=0 samples the same call without a take: the browser's own baseline)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { attach, launchDetached, newProfile } from './browser.mjs';
import { STUDIO_ARGS, awaitBothSee, awaitTakeComplete, guestJoins, hostOpensRoom, logger, sleep, startTake } from './studio-steps.mjs';

const base = process.argv[2];
const minutes = Number(process.argv[3] ?? 10);
const everyMs = Number(process.env.SAMPLE_SECONDS ?? 30) * 1000;
const record = process.env.RECORD !== '0';
assert.ok(base && minutes > 0, 'usage: studio-memory.mjs BASE_URL [MINUTES]');
const log = logger('memory');
const MB = 1024 * 1024;

/** The pid of the Chromium started with this profile, and of every process below it. */
function processTree(profile) {
  const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,args=']).toString().trim().split('\n').map((l) => {
    const [pid, ppid, ...args] = l.trim().split(/\s+/);
    return { pid: Number(pid), ppid: Number(ppid), args: args.join(' ') };
  });
  const main = rows.find((r) => r.args.includes(`--user-data-dir=${profile}`) && !r.args.includes('--type='));
  assert.ok(main, `no browser for ${profile}`);
  const tree = [main];
  for (let i = 0; i < tree.length; i++) tree.push(...rows.filter((r) => r.ppid === tree[i].pid));
  return tree;
}

/** A field of /proc/PID/{file} in bytes (0 once the process is gone). */
const procBytes = (pid, file, field) => {
  try {
    return Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/${file}`, 'utf8'))?.[1] ?? 0) * 1024;
  } catch {
    return 0;
  }
};

/**
 * The tab's renderer RSS (of this browser's renderers, the one holding the call: the largest) and
 * the whole browser's proportional set size (PSS: shared pages counted once across its processes).
 */
function tabRss(profile) {
  const tree = processTree(profile);
  const renderers = tree.filter((r) => r.args.includes('--type=renderer') && !r.args.includes('--extension-process'));
  return {
    renderer: Math.max(0, ...renderers.map((r) => procBytes(r.pid, 'status', 'VmRSS'))),
    browserTotal: tree.reduce((n, r) => n + procBytes(r.pid, 'smaps_rollup', 'Pss'), 0),
  };
}

async function sample(who, page, cdp, profile) {
  await cdp.send('Performance.enable');
  const metrics = async () => Object.fromEntries((await cdp.send('Performance.getMetrics')).metrics.map((m) => [m.name, m.value]));
  const before = await metrics();
  await cdp.send('HeapProfiler.collectGarbage');
  const after = await metrics();
  // ArrayBuffer backing stores (video on its way to IndexedDB and the store) live outside the JS heap.
  const { backingStorageSize = 0 } = await cdp.send('Runtime.getHeapUsage');
  const { renderer, browserTotal } = tabRss(profile);
  const atRisk = await page.evaluate(() => window.__podster.bytesAtRisk());
  const uploads = await page.evaluate(() => window.__podster.uploads());
  return {
    who,
    t: log.elapsedSeconds(),
    heap: before.JSHeapUsedSize,
    heapAfterGc: after.JSHeapUsedSize,
    buffers: backingStorageSize,
    rss: renderer,
    browserPss: browserTotal,
    nodes: after.Nodes,
    listeners: after.JSEventListeners,
    atRisk,
    recorded: uploads.reduce((n, u) => n + u.bytesRecorded, 0),
    uploaded: uploads.reduce((n, u) => n + u.bytesUploaded, 0),
  };
}

/** Least-squares slope of y over minutes. */
function perMinute(points, key) {
  const xs = points.map((p) => p.t / 60);
  const ys = points.map((p) => p[key]);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  const num = xs.reduce((n, x, i) => n + (x - mx) * (ys[i] - my), 0);
  const den = xs.reduce((n, x) => n + (x - mx) ** 2, 0);
  return den === 0 ? 0 : num / den;
}

const mb = (n) => (n / MB).toFixed(1).padStart(7);
const tabs = [
  { who: 'host', profile: newProfile() },
  { who: 'guest', profile: newProfile() },
];
for (const t of tabs) Object.assign(t, await launchDetached(t.profile, STUDIO_ARGS));
const [host, guest] = tabs;
try {
  // Set up attached, then detach: see launchDetached for why the take runs with nothing attached.
  const h = await attach(host.endpoint);
  const g = await attach(guest.endpoint);
  const room = await hostOpensRoom(h.page, base);
  await guestJoins(g.page, base, room);
  await awaitBothSee(h.page, g.page, 60_000);
  const startedAt = record ? await startTake(h.page, g.page) : Date.now();
  await Promise.all([h.detach(), g.detach()]);
  log(`${record ? 'recording' : 'in the call, not recording,'} ${minutes} min, sampling every ${everyMs / 1000} s`);

  const samples = [];
  console.log('who     t(s)  heap(MB) heapGC(MB) buffers(MB) rss(MB) browserPss(MB) nodes listeners atRisk(MB) recorded(MB) uploaded(MB)');
  for (let next = startedAt; next <= startedAt + minutes * 60_000; next += everyMs) {
    await sleep(next - Date.now());
    for (const { who, endpoint, profile } of tabs) {
      const a = await attach(endpoint);
      const s = await sample(who, a.page, await a.context.newCDPSession(a.page), profile);
      await a.detach();
      samples.push(s);
      console.log(`${who.padEnd(6)} ${s.t.toFixed(0).padStart(5)} ${mb(s.heap)} ${mb(s.heapAfterGc)}    ${mb(s.buffers)}   ${mb(s.rss)} ${mb(s.browserPss)}       ${String(s.nodes).padStart(5)} ${String(s.listeners).padStart(9)} ${mb(s.atRisk)}    ${mb(s.recorded)}      ${mb(s.uploaded)}`);
    }
  }
  if (record) {
    const a = await attach(host.endpoint);
    const stopAt = Date.now();
    await a.page.getByRole('button', { name: 'Stop recording' }).click();
    await awaitTakeComplete(a.page, room.id, 4, { timeoutMs: 180_000 }); // two cameras, two lossless tracks
    log(`stop → both tracks complete: ${Date.now() - stopAt} ms`);
    await a.detach();
  }

  console.log('\nwho    series        start(MB)  end(MB)  growth(MB/min, after the first minute)');
  const summary = {};
  for (const who of ['host', 'guest']) {
    const mine = samples.filter((s) => s.who === who);
    const warm = mine.filter((s) => s.t - mine[0].t >= 60);
    for (const key of ['heap', 'heapAfterGc', 'buffers', 'rss', 'browserPss']) {
      const slope = perMinute(warm.length >= 2 ? warm : mine, key) / MB;
      summary[`${who}.${key}`] = { start: mine[0][key] / MB, end: mine.at(-1)[key] / MB, perMinute: slope };
      console.log(`${who.padEnd(6)} ${key.padEnd(12)} ${mb(mine[0][key])}  ${mb(mine.at(-1)[key])}  ${slope.toFixed(2).padStart(7)}`);
    }
    const maxRisk = Math.max(...mine.map((s) => s.atRisk));
    summary[`${who}.maxAtRisk`] = maxRisk / MB;
    console.log(`${who.padEnd(6)} IndexedDB bytes at risk: at most ${mb(maxRisk).trim()} MB; recorded ${mb(mine.at(-1).recorded).trim()} MB`);
    console.log(`${who.padEnd(6)} nodes         ${mine[0].nodes} → ${mine.at(-1).nodes}; listeners ${mine[0].listeners} → ${mine.at(-1).listeners}`);
  }
  console.log(`MEMORY FIGURES ${JSON.stringify({ minutes, record, summary })}`);
} finally {
  for (const t of tabs) t.proc?.kill();
}
