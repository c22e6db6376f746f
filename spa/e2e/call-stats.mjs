// What a call looks like from one page, sampled through getStats on the page's own peer
// connections (kept by an init script as they are made): frames decoded, freezes, round-trip time,
// what the call sends and what the browser estimates it could.

/** Keeps every RTCPeerConnection the page makes in `window.__pcs` (add before the page loads). */
export async function keepPeerConnections(page) {
  await page.addInitScript(() => {
    const Orig = window.RTCPeerConnection;
    window.__pcs = [];
    window.RTCPeerConnection = function (...a) {
      const pc = new Orig(...a);
      window.__pcs.push(pc);
      return pc;
    };
    window.RTCPeerConnection.prototype = Orig.prototype;
  });
}

/** Totals and instantaneous readings over the page's connected peer connections. */
export function readCall(page) {
  return page.evaluate(async () => {
    const out = { at: performance.now(), framesDecoded: 0, freezeCount: 0, freezeSeconds: 0, bytesSent: 0, rttMs: null, availableBps: null, sendHeight: 0, limitation: '' };
    for (const pc of window.__pcs ?? []) {
      if (pc.connectionState !== 'connected') continue;
      const stats = [...(await pc.getStats()).values()];
      const transport = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId);
      const pair = stats.find((s) => s.type === 'candidate-pair' && (transport ? s.id === transport.selectedCandidatePairId : s.nominated && s.state === 'succeeded'));
      if (pair) {
        out.bytesSent += pair.bytesSent ?? 0;
        if (pair.currentRoundTripTime !== undefined) out.rttMs = Math.max(out.rttMs ?? 0, pair.currentRoundTripTime * 1000);
        if (pair.availableOutgoingBitrate !== undefined) out.availableBps = Math.min(out.availableBps ?? Infinity, pair.availableOutgoingBitrate);
      }
      for (const s of stats) {
        if (s.type === 'inbound-rtp' && s.kind === 'video') {
          out.framesDecoded += s.framesDecoded ?? 0;
          out.freezeCount += s.freezeCount ?? 0;
          out.freezeSeconds += s.totalFreezesDuration ?? 0;
        }
        if (s.type === 'outbound-rtp' && s.kind === 'video') {
          out.sendHeight = Math.max(out.sendHeight, s.frameHeight ?? 0);
          out.limitation = s.qualityLimitationReason ?? '';
        }
      }
    }
    return out;
  });
}

/** Samples `pages` every `everyMs` until stopped; `samples[name]` grows as it goes. */
export function sampleCalls(pages, everyMs = 1000) {
  const samples = Object.fromEntries(Object.keys(pages).map((n) => [n, []]));
  let running = true;
  const loops = Object.entries(pages).map(async ([name, page]) => {
    while (running) {
      const t = Date.now();
      try {
        samples[name].push({ wall: t, ...(await readCall(page)) });
      } catch {
        // the page is closing
      }
      await new Promise((r) => setTimeout(r, Math.max(0, everyMs - (Date.now() - t))));
    }
  });
  return {
    samples,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

/** The call between wall-clock times `from` and `to`, over every page: deltas of totals, RTT spread. */
export function summarize(samples, from, to) {
  let frames = 0;
  let freezes = 0;
  let freezeSeconds = 0;
  let seconds = 0;
  const rtts = [];
  const sendBps = [];
  for (const list of Object.values(samples)) {
    const inside = list.filter((s) => s.wall >= from && s.wall <= to);
    if (inside.length < 2) continue;
    const a = inside[0];
    const b = inside[inside.length - 1];
    frames += b.framesDecoded - a.framesDecoded;
    freezes += b.freezeCount - a.freezeCount;
    freezeSeconds += b.freezeSeconds - a.freezeSeconds;
    seconds += (b.at - a.at) / 1000;
    for (const s of inside) if (s.rttMs !== null) rtts.push(s.rttMs);
    for (let i = 1; i < inside.length; i++) sendBps.push(((inside[i].bytesSent - inside[i - 1].bytesSent) * 8) / ((inside[i].at - inside[i - 1].at) / 1000));
  }
  rtts.sort((x, y) => x - y);
  const mean = (xs) => (xs.length ? xs.reduce((n, x) => n + x, 0) / xs.length : NaN);
  return {
    fps: seconds > 0 ? frames / seconds : NaN,
    frames,
    freezes,
    freezeSeconds,
    rttMeanMs: mean(rtts),
    rttP95Ms: rtts.length ? rtts[Math.min(rtts.length - 1, Math.floor(rtts.length * 0.95))] : NaN,
    sendKbps: mean(sendBps) / 1000,
  };
}
