// The studio across two clustered nodes: the host's browser reaches node A, the guest's node B,
// both under one public origin (as behind a load balancer). Checks that each socket is on the node
// meant for it, that both see each other's video and chat (signaling crosses the event bus), that
// a ~10 s take completes on both nodes' uploads, and that the host downloads both tracks, which
// ffprobe reads with a duration; the guest downloads their own through node B; last, the host
// removes the guest across nodes.
// Usage: node e2e/studio-two-nodes.mjs PUBLIC_URL NODE_A_URL NODE_B_URL ADMIN_A_URL ADMIN_B_URL
//   e.g. http://podster.test:8081 http://127.0.0.1:8081 http://127.0.0.1:8082 http://127.0.0.1:9481 http://127.0.0.1:9482
//   (ADMIN_*: each node's admin listener, PODSTER_ADMIN_PORT, which serves /health/cluster)
import assert from 'node:assert/strict';
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchBrowserAt, newProfile, reachThrough, watchProblems } from './browser.mjs';
import {
  STUDIO_ARGS, assertLossless, awaitBothSee, awaitTakeComplete, debugPage, downloadViaLink, guestJoins, hostOpensRoom, logger, probeAudio, probeFile, trackFile,
  sleep, startTake, until,
} from './studio-steps.mjs';

const [base, nodeA, nodeB, adminA, adminB] = process.argv.slice(2);
assert.ok(base && nodeA && nodeB && adminA && adminB, 'usage: studio-two-nodes.mjs PUBLIC_URL NODE_A_URL NODE_B_URL ADMIN_A_URL ADMIN_B_URL');
const out = mkdtempSync(join(tmpdir(), 'podster-two-nodes-'));
const log = logger('two-nodes');
const TAKE_MS = 10_000;

/** What a node's /health/cluster (on its admin listener) says of its own sockets and of every member's. */
async function clusterHealth(adminUrl) {
  const res = await fetch(`${adminUrl}/health/cluster`);
  assert.equal(res.status, 200, `${adminUrl}/health/cluster`);
  return res.json();
}

const host = await launchBrowserAt(newProfile(), [...STUDIO_ARGS, ...reachThrough(base, nodeA)]);
const guest = await launchBrowserAt(newProfile(), [...STUDIO_ARGS, ...reachThrough(base, nodeB)]);
const problems = [];
try {
  const hp = await host.newPage();
  const gp = await guest.newPage();
  for (const [name, page] of [['host', hp], ['guest', gp]]) {
    problems.push(...watchProblems(page));
    await debugPage(name, page);
  }
  const room = await hostOpensRoom(hp, base);
  // The host's socket is on node A (and only there) before the guest comes.
  const [a0, b0] = await Promise.all([clusterHealth(adminA), clusterHealth(adminB)]);
  assert.deepEqual([a0.sockets, b0.sockets], [1, 0], 'the host is on node A');
  const joinedAt = await guestJoins(gp, base, room);
  await awaitBothSee(hp, gp);
  log(`join → first remote frame both ways across nodes: ${Date.now() - joinedAt} ms`);

  // The guest's is on node B; each node sees the other as a member holding one socket.
  const [a, b] = await Promise.all([clusterHealth(adminA), clusterHealth(adminB)]);
  assert.deepEqual([a.sockets, b.sockets], [1, 1], 'the guest is on node B');
  assert.notEqual(a.nodeId, b.nodeId);
  assert.equal(a.nodes.length, 2, `node A sees ${a.nodes.length} members`);
  assert.deepEqual(a.nodes.map((n) => n.sockets), [1, 1], 'node A sees one socket on each member');
  log(`sockets: node A ${a.sockets}, node B ${b.sockets}; rooms cluster-wide ${a.rooms}`);

  await gp.getByLabel('Message').fill('hello from node B');
  await gp.getByRole('button', { name: 'Send' }).click();
  await hp.getByText('hello from node B').waitFor({ timeout: 10_000 });
  await gp.getByRole('button', { name: 'Mute' }).click();
  await hp.getByText('muted').first().waitFor({ timeout: 10_000 });
  await gp.getByRole('button', { name: 'Unmute' }).click();

  const recordAt = await startTake(hp, gp);
  await sleep(recordAt + TAKE_MS - Date.now());
  const stopAt = Date.now();
  await hp.getByRole('button', { name: 'Stop recording' }).click();
  await gp.getByText('Recording', { exact: true }).waitFor({ state: 'detached', timeout: 10_000 });
  // each person's camera and lossless microphone
  const take = await awaitTakeComplete(hp, room.id, 4);
  log(`stop → all four tracks complete: ${Date.now() - stopAt} ms`);

  // The host downloads both tracks from the dashboard, as a person does (through node A).
  const dashboard = await host.newPage();
  problems.push(...watchProblems(dashboard));
  await dashboard.goto(`${base}/`);
  for (const t of take.tracks) {
    const name = trackFile(t);
    const file = await downloadViaLink(dashboard, `Download ${t.displayName}'s ${t.kind}`, join(out, name));
    if (t.kind === 'audio') {
      const a = probeAudio(file);
      log(`${name}: ${statSync(file).size} bytes, ${a.codec} ${a.sampleRate} Hz, ${a.duration}s`);
      assertLossless(a, name);
      assert.ok(a.duration > 8.5 && a.duration < 12, `${name}: duration ${a.duration}`);
      continue;
    }
    const p = probeFile(file);
    log(`${name}: ${statSync(file).size} bytes, header duration ${p.header}s, last video frame at ${p.lastFrame}s, ${p.frames} frames`);
    assert.ok(p.header > 8.5 && p.header < 12, `${name}: header duration ${p.header}`);
    assert.ok(p.lastFrame > 8 && p.lastFrame < 12, `${name}: last frame ${p.lastFrame}`);
  }

  // The guest's own copy, signed by node B for the shared store: the same bytes.
  const guestTrack = take.tracks.find((t) => t.displayName === 'Gus Guest' && t.kind === 'camera');
  assert.ok(guestTrack, 'the guest has a track');
  const got = await gp.evaluate(async (id) => {
    const res = await fetch(`/api/recordings/${id}/download`);
    return { status: res.status, bytes: (await res.arrayBuffer()).byteLength };
  }, guestTrack.recordingId);
  assert.equal(got.status, 200, 'the guest downloads their track through node B');
  assert.equal(got.bytes, statSync(join(out, 'Gus_camera.webm')).size, 'both nodes serve the same object');

  // The host on node A removes the guest on node B (after confirming): the guest is told so.
  hp.on('dialog', (d) => void d.accept());
  await hp.getByRole('button', { name: 'Remove Gus Guest' }).click();
  await gp.getByText('The host removed you from this room.').waitFor({ timeout: 10_000 });
  await until('the host no longer sees the guest', async () => (await hp.locator('video[data-peer-id]').count()) === 0, 10_000, 100);
  log('kick across nodes: the guest was told and left the host\'s grid');
  await Promise.all([host.close(), guest.close()]);
  await until('no socket left behind', async () => {
    const [a2, b2] = await Promise.all([clusterHealth(adminA), clusterHealth(adminB)]);
    return a2.sockets === 0 && b2.sockets === 0;
  }, 10_000, 250);
  assert.deepEqual(problems, []);
  console.log(`e2e studio across two nodes: passed in ${log.elapsedSeconds().toFixed(0)} s`);
} finally {
  await host.close().catch(() => {});
  await guest.close().catch(() => {});
}
