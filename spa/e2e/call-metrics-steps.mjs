// The call telemetry seen from the operators' side: what a node's admin listener serves on
// /metrics under podster_call_ (browsers' call-stats summaries), read before and after a call.
import assert from 'node:assert/strict';

/** Every podster_call_ series on the admin listener's /metrics, by its exact name and labels. */
export async function callSeries(adminUrl) {
  const res = await fetch(`${adminUrl}/metrics`, {
    headers: process.env.PODSTER_METRICS_TOKEN ? { Authorization: `Bearer ${process.env.PODSTER_METRICS_TOKEN}` } : {},
  });
  assert.equal(res.status, 200, `${adminUrl}/metrics`);
  const series = new Map();
  for (const line of (await res.text()).split('\n')) {
    const m = /^(podster_call_\S+) (\S+)$/.exec(line);
    if (m) series.set(m[1], Number(m[2]));
  }
  assert.ok(series.size > 0, 'no podster_call_ series on /metrics');
  return series;
}

/**
 * After `people` browsers on one machine called each other since `before`: every one of them
 * reported (host candidates on loopback, none refused), and the round trip, bitrate and frame
 * series moved. Returns figures for the test's log.
 */
export function assertCallSeriesMoved(before, after, people) {
  const d = (name) => (after.get(name) ?? 0) - (before.get(name) ?? 0);
  const host = (name, extra = '') => d(`${name}{candidate="host"${extra}}`);
  const moved = {
    reports: host('podster_call_reports_total'),
    rttCount: host('podster_call_rtt_seconds_count'),
    sendBits: host('podster_call_bitrate_bits_per_second_sum', ',direction="send"'),
    receiveBits: host('podster_call_bitrate_bits_per_second_sum', ',direction="receive"'),
    frames: host('podster_call_frames_decoded_total'),
    observedSeconds: host('podster_call_observed_seconds_total'),
  };
  assert.ok(moved.reports >= people, `each of ${people} browsers reported: ${JSON.stringify(moved)}`);
  for (const [k, v] of Object.entries(moved)) assert.ok(v > 0, `podster_call_ ${k} did not move: ${JSON.stringify(moved)}`);
  assert.equal(d('podster_call_reports_total{candidate="relay"}') + d('podster_call_reports_total{candidate="srflx"}'), 0, 'loopback calls are host-to-host');
  const refused = d('podster_call_stats_rejected_total{reason="invalid"}') + d('podster_call_stats_rejected_total{reason="too_frequent"}');
  assert.equal(refused, 0, "the browsers' summaries were refused");
  return {
    callReports: moved.reports,
    callMeanRttMs: Number(((1000 * host('podster_call_rtt_seconds_sum')) / moved.rttCount).toFixed(2)),
    callMeanSendKbps: Math.round(moved.sendBits / moved.reports / 1000),
    callFramesPerSecond: Number((moved.frames / moved.observedSeconds).toFixed(1)),
  };
}
