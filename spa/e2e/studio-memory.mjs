// Benchmark, not a test: how much memory a studio tab holds as a take runs on (fake devices).
// A host and a guest join, the host records for MINUTES; every SAMPLE_SECONDS each tab's JS heap
// (CDP Performance.getMetrics, before and after a forced GC), its ArrayBuffer backing stores (CDP
// Runtime.getHeapUsage), its renderer's RSS (/proc), DOM nodes and listeners, and the IndexedDB
// bytes not yet in the store are sampled. Prints a table and each series' growth per minute
// (least squares after the first minute), then stops and checks every track completes, and prints
// each track's bitrate. With FLOOR_URL (scripts/bench/studio-memory serves e2e/floor there) the
// same is then sampled on bare pages doing only what any browser studio must (the floor), and each
// tab's CPU and memory is printed beside it with the ratio.
// Usage: node e2e/studio-memory.mjs BASE_URL [MINUTES=10]   (env SAMPLE_SECONDS, default 30;
//   RECORD=0 samples the same call without a take: the browser's own baseline)
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { attach, launchDetached, newProfile } from './browser.mjs';
import { STUDIO_ARGS, awaitBothSee, awaitTakeComplete, guestJoins, hostOpensRoom, logger, sleep, startTake, until } from './studio-steps.mjs';

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

const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds (user + system) used so far by every process of the browser started with this profile. */
function browserCpuSeconds(profile) {
  let ticks = 0;
  for (const { pid } of processTree(profile)) {
    try {
      // the fields after the command's closing parenthesis: utime and stime are the 12th and 13th
      const after = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(after[11]) + Number(after[12]);
    } catch {
      // gone meanwhile
    }
  }
  return ticks / CLK_TCK;
}

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
  const floor = await page.evaluate(() => !!window.floor);
  const atRisk = floor ? 0 : await page.evaluate(() => window.__podster.bytesAtRisk());
  const uploads = floor ? [] : await page.evaluate(() => window.__podster.uploads());
  return {
    who,
    t: log.elapsedSeconds(),
    heap: before.JSHeapUsedSize,
    heapAfterGc: after.JSHeapUsedSize,
    buffers: backingStorageSize,
    rss: renderer,
    browserPss: browserTotal,
    cpu: browserCpuSeconds(profile),
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

/** Samples every tab every SAMPLE_SECONDS for MINUTES from `startedAt`, printing a row each. */
async function sampleFor(tabs, startedAt) {
  const samples = [];
  console.log('who     t(s)  heap(MB) heapGC(MB) buffers(MB) rss(MB) browserPss(MB) cores nodes listeners atRisk(MB) recorded(MB) uploaded(MB)');
  const last = {};
  for (let next = startedAt; next <= startedAt + minutes * 60_000; next += everyMs) {
    await sleep(next - Date.now());
    for (const { who, endpoint, profile } of tabs) {
      const a = await attach(endpoint);
      const s = await sample(who, a.page, await a.context.newCDPSession(a.page), profile);
      await a.detach();
      // CPU over the interval since this tab's previous sample, in cores
      s.cores = last[who] ? (s.cpu - last[who].cpu) / (s.t - last[who].t) : 0;
      last[who] = s;
      samples.push(s);
      console.log(`${who.padEnd(6)} ${s.t.toFixed(0).padStart(5)} ${mb(s.heap)} ${mb(s.heapAfterGc)}    ${mb(s.buffers)}   ${mb(s.rss)} ${mb(s.browserPss)}       ${s.cores.toFixed(2)} ${String(s.nodes).padStart(5)} ${String(s.listeners).padStart(9)} ${mb(s.atRisk)}    ${mb(s.recorded)}      ${mb(s.uploaded)}`);
    }
  }
  return samples;
}

/** The mean of `key` over a tab's samples after the first minute (its first sample has no CPU interval). */
function settled(samples, who, key) {
  const mine = samples.filter((s) => s.who === who);
  const warm = mine.filter((s, i) => i > 0 && s.t - mine[0].t >= 60);
  const use = warm.length > 0 ? warm : mine.slice(1);
  return use.reduce((n, s) => n + s[key], 0) / Math.max(1, use.length);
}

/**
 * The floor: the same two people with the same devices, in bare pages (e2e/floor) that only open
 * the streams, record them, tap the microphone and call each other, sampled the same way.
 */
async function floorRun(floorUrl) {
  const pages = [
    { who: 'host', profile: newProfile() },
    { who: 'guest', profile: newProfile() },
  ];
  for (const t of pages) Object.assign(t, await launchDetached(t.profile, STUDIO_ARGS));
  try {
    const [a, b] = await Promise.all(pages.map((t) => attach(t.endpoint)));
    for (const x of [a, b]) {
      await x.page.goto(floorUrl);
      await x.page.evaluate(() => window.floor.start());
    }
    const offer = await a.page.evaluate(() => window.floor.description());
    const answer = await b.page.evaluate((o) => window.floor.description(o), offer);
    await a.page.evaluate((x) => window.floor.description(x), answer);
    await until('the floor pages see each other', async () => (await a.page.evaluate(() => window.floor.playing())) && b.page.evaluate(() => window.floor.playing()), 30_000, 100);
    await Promise.all([a.detach(), b.detach()]);
    log(`floor: bare pages recording and in a call, ${minutes} min`);
    return await sampleFor(pages, Date.now());
  } finally {
    for (const t of pages) t.proc?.kill();
  }
}

const tabs = [
  { who: 'host', profile: newProfile() },
  { who: 'guest', profile: newProfile() },
];
for (const t of tabs) Object.assign(t, await launchDetached(t.profile, STUDIO_ARGS));
const [host, guest] = tabs;
let samples;
let bitrates = [];
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
  samples = await sampleFor(tabs, startedAt);
  if (record) {
    const a = await attach(host.endpoint);
    const stopAt = Date.now();
    await a.page.getByRole('button', { name: 'Stop recording' }).click();
    const take = await awaitTakeComplete(a.page, room.id, 4, { timeoutMs: 180_000 }); // two cameras, two lossless tracks
    log(`stop → all tracks complete: ${Date.now() - stopAt} ms`);
    const manifest = await a.page.evaluate(async ([r, t]) => (await fetch(`/api/rooms/${r}/takes/${t}/manifest`)).json(), [room.id, take.id]);
    // with each track's placement and, for lossless tracks, its rate against the server clock over the whole take (issue 15)
    bitrates = manifest.tracks.map((t) => ({
      track: `${t.displayName} ${t.kind} (${t.mimeType})`, mb: t.size / MB, kbps: Math.round((t.size * 8) / t.durationMs),
      durationS: t.durationMs / 1000, offsetMs: t.offsetMs, driftPpm: t.driftPpm ?? null, sampleRate: t.sampleRate ?? null,
    }));
    await a.detach();
  }
} finally {
  for (const t of tabs) t.proc?.kill();
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
  console.log(`${who.padEnd(6)} IndexedDB bytes at risk: at most ${mb(maxRisk).trim()} MB (series above: bounded, not growing); recorded ${mb(mine.at(-1).recorded).trim()} MB`);
  console.log(`${who.padEnd(6)} nodes         ${mine[0].nodes} → ${mine.at(-1).nodes}; listeners ${mine[0].listeners} → ${mine.at(-1).listeners}`);
}
if (bitrates.length > 0) {
  console.log('\ntrack                                                   MB      kbit/s  length(s) offset(ms) drift(ppm)');
  for (const b of bitrates) {
    const drift = b.driftPpm === null ? '' : `${b.driftPpm.toFixed(1)} at ${b.sampleRate} Hz`;
    console.log(`${b.track.padEnd(52)} ${b.mb.toFixed(1).padStart(7)} ${String(b.kbps).padStart(9)} ${b.durationS.toFixed(2).padStart(9)} ${String(b.offsetMs).padStart(9)}  ${drift}`);
  }
  summary.bitrates = bitrates;
}
if (process.env.FLOOR_URL && record) {
  const floor = await floorRun(process.env.FLOOR_URL);
  console.log('\nwho    measure                     studio    floor   ratio (goal ≤ 1.2×)');
  for (const who of ['host', 'guest']) {
    for (const [key, label, unit] of [['cores', 'CPU (cores, mean)', 1], ['browserPss', 'browser PSS (MB, mean)', MB], ['rss', 'renderer RSS (MB, mean)', MB]]) {
      const studio = settled(samples, who, key) / unit;
      const bare = settled(floor, who, key) / unit;
      summary[`${who}.${key}.vsFloor`] = { studio, floor: bare, ratio: studio / bare };
      console.log(`${who.padEnd(6)} ${label.padEnd(26)} ${studio.toFixed(2).padStart(8)} ${bare.toFixed(2).padStart(8)} ${(studio / bare).toFixed(2).padStart(6)}×`);
    }
  }
}
console.log(`MEMORY FIGURES ${JSON.stringify({ minutes, record, summary })}`);
