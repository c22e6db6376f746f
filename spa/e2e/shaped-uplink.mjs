// Browsers behind shaped uplinks, for real: each Chromium runs in a network namespace of its own
// whose only way out is a veth whose egress is shaped by `tc tbf` (its uplink). The namespaces
// meet on a bridge in the host's namespace, so one browser's call to the other and its uploads to
// the node share that one uplink, as at home. The node stays on the host's loopback: an HTTP
// proxy on the bridge address (Chromium's --proxy-server) carries the page's requests, WebSocket
// and part PUTs to it, so every byte a browser sends to the node crosses its shaped link, while
// the call's UDP goes browser to browser across the bridge. Needs root and iproute2.
// Names start with `pc` and the process id (namespaces, veths, bridge), so runs on a shared host
// never meet; {@link ShapedNet.close} (also run on exit) removes them all.
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ip = (...a) => execFileSync('ip', a, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
const inNs = (ns, ...a) => execFileSync('ip', ['netns', 'exec', ns, ...a], { stdio: ['ignore', 'pipe', 'pipe'] }).toString();

/** A /24 in 10.231–10.240 no interface of this host has an address in yet. */
function freeSubnet() {
  const used = ip('-4', '-o', 'addr').match(/inet (\d+\.\d+\.\d+)\./g)?.map((s) => s.slice(5, -1)) ?? [];
  for (let i = 0; i < 2500; i++) {
    const n = (process.pid + i) % 2500;
    const net = `10.${231 + Math.floor(n / 250)}.${n % 250}`;
    if (!used.includes(net)) return net;
  }
  throw new Error('no free 10.231–240 subnet');
}

/**
 * Makes the bridge, one namespace per name with its uplink shaped to `rate` (tc's syntax, e.g.
 * '4mbit'), and the proxy. Returns each browser's launch settings.
 */
export async function shapedNet(names, { rate = '4mbit', burst = '32kbit', latency = '400ms', chromium = '/usr/bin/chromium' } = {}) {
  const tag = `pc${process.pid % 100000}`;
  const net = freeSubnet();
  const bridge = `${tag}br`;
  const dir = mkdtempSync(join(tmpdir(), `${tag}-`));
  const made = { links: [], namespaces: [] };
  let proxy = null;
  const close = () => {
    proxy?.close();
    proxy?.closeAllConnections?.();
    for (const ns of made.namespaces) try { ip('netns', 'del', ns); } catch { /* already gone */ }
    for (const l of made.links) try { ip('link', 'del', l); } catch { /* went with its namespace */ }
    rmSync(dir, { recursive: true, force: true });
    process.off('exit', close);
  };
  process.on('exit', close);
  // a signal exits through the exit handlers above (Playwright's also kills its browsers there)
  for (const sig of ['SIGINT', 'SIGTERM']) process.once(sig, () => process.exit(130));
  try {
    ip('link', 'add', bridge, 'type', 'bridge');
    made.links.push(bridge);
    ip('addr', 'add', `${net}.1/24`, 'dev', bridge);
    ip('link', 'set', bridge, 'up');
    proxy = await startProxy(`${net}.1`);
    const browsers = {};
    for (const [i, name] of names.entries()) {
      const ns = `${tag}${name}`;
      const outer = `${tag}${name}0`;
      const inner = `${tag}${name}1`;
      ip('netns', 'add', ns);
      made.namespaces.push(ns);
      ip('link', 'add', outer, 'type', 'veth', 'peer', 'name', inner);
      made.links.push(outer);
      ip('link', 'set', inner, 'netns', ns);
      ip('link', 'set', outer, 'master', bridge, 'up');
      const address = `${net}.${10 + i}`;
      inNs(ns, 'ip', 'link', 'set', 'lo', 'up');
      inNs(ns, 'ip', 'addr', 'add', `${address}/24`, 'dev', inner);
      inNs(ns, 'ip', 'link', 'set', inner, 'up');
      inNs(ns, 'tc', 'qdisc', 'add', 'dev', inner, 'root', 'tbf', 'rate', rate, 'burst', burst, 'latency', latency);
      const wrapper = join(dir, `chromium-${name}`);
      writeFileSync(wrapper, `#!/bin/sh\nexec ip netns exec ${ns} ${chromium} "$@"\n`);
      chmodSync(wrapper, 0o755);
      browsers[name] = {
        namespace: ns,
        address,
        executablePath: wrapper,
        args: [`--proxy-server=http://${net}.1:${proxy.address().port}`, '--proxy-bypass-list=<-loopback>'],
      };
    }
    return { browsers, rate, close, uplinkStats: (name) => inNs(browsers[name].namespace, 'tc', '-s', 'qdisc', 'show', 'dev', `${tag}${name}1`) };
  } catch (e) {
    close();
    throw e;
  }
}

/** Forwards requests and CONNECT tunnels to this host's loopback only (the node and its store). */
function startProxy(host) {
  const loopback = (h) => h === '127.0.0.1' || h === 'localhost';
  const server = createServer((req, res) => {
    let url;
    try {
      url = new URL(req.url);
    } catch {
      res.writeHead(400).end();
      return;
    }
    if (!loopback(url.hostname)) {
      res.writeHead(403).end();
      return;
    }
    const out = request({ host: '127.0.0.1', port: url.port || 80, method: req.method, path: url.pathname + url.search, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    out.on('error', () => res.destroy());
    req.pipe(out);
  });
  server.on('connect', (req, socket, head) => {
    const [h, port] = req.url.split(':');
    if (!loopback(h)) {
      socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
      return;
    }
    const up = connect(Number(port), '127.0.0.1', () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(socket);
      socket.pipe(up);
    });
    up.on('error', () => socket.destroy());
    socket.on('error', () => up.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve(server));
  });
}
