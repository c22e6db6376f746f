// Reads a downloaded WebM's seek index on its own (not with the SPA's code): follows the SeekHead
// to the Cues and checks every cue lands on a Cluster. Unknown-size Segment and Clusters allowed.
const SEGMENT = 0x18538067, SEEKHEAD = 0x114d9b74, SEEK = 0x4dbb, SEEKID = 0x53ab, SEEKPOS = 0x53ac;
const INFO = 0x1549a966, TRACKS = 0x1654ae6b, CLUSTER = 0x1f43b675, CUES = 0x1c53bb6b, DURATION = 0x4489;
const CUEPOINT = 0xbb, CUETIME = 0xb3, CUEPOSITIONS = 0xb7, CUECLUSTER = 0xf1;
const TOP = new Set([SEEKHEAD, INFO, TRACKS, CLUSTER, CUES, 0x1254c367, 0x1043a770, 0x1941a469]);

function vint(b, at, keepMarker) {
  const first = b[at];
  let w = 1;
  while (w <= 8 && !(first & (0x80 >> (w - 1)))) w++;
  if (w > 8) throw new Error(`no EBML element at byte ${at}`);
  let v = keepMarker ? first : first & (0xff >> w);
  let ones = v === 0xff >> w;
  for (let i = 1; i < w; i++) {
    v = v * 256 + b[at + i];
    ones &&= b[at + i] === 0xff;
  }
  return { w, v, unknown: !keepMarker && ones };
}

function header(b, at) {
  const id = vint(b, at, true);
  const size = vint(b, at + id.w, false);
  const data = at + id.w + size.w;
  return { id: id.v, at, data, end: size.unknown ? -1 : data + size.v };
}

function children(b, from, to) {
  const out = [];
  for (let at = from; at < to; ) {
    const e = header(b, at);
    if (e.end < 0 || e.end > to) throw new Error(`element ${e.id.toString(16)} at ${at} has no end inside its parent`);
    out.push(e);
    at = e.end;
  }
  return out;
}

/** Whether a whole element header starts at `at`. */
function fits(b, at) {
  const width = (x) => (x ? 9 - x.toString(2).length : 9);
  const idWidth = width(b[at]);
  return at + idWidth < b.length && at + idWidth + width(b[at + idWidth]) <= b.length;
}

const uint = (b, e) => b.subarray(e.data, e.end).reduce((n, x) => n * 256 + x, 0);

/**
 * { clusters, cuePoints, seekHeadFindsCues, cuesOnClusters, cueTimes, cueOffsets, hasDuration, truncated } of a WebM
 * file's bytes (Uint8Array); cueOffsets are the cued clusters' positions in the file.
 */
export function webmSeekIndex(b) {
  let at = header(b, 0).end; // past the EBML header
  const segment = header(b, at);
  if (segment.id !== SEGMENT) throw new Error('no Segment');
  const top = [];
  let truncated = false;
  for (at = segment.data; at < b.length; ) {
    const e = header(b, at);
    if (e.end < 0 && e.id === CLUSTER) {
      // an unknown-size Cluster ends where the next top-level element starts
      let inner = e.data;
      while (inner < b.length) {
        const child = inner + 12 <= b.length || fits(b, inner) ? header(b, inner) : null;
        if (!child) {
          [truncated, inner] = [true, b.length]; // a header cut short
          break;
        }
        if (TOP.has(child.id)) break;
        if (child.end < 0) throw new Error(`unknown-size element ${child.id.toString(16)} in a Cluster`);
        inner = child.end;
      }
      e.end = inner;
    }
    if (e.end < 0) throw new Error(`unknown-size element ${e.id.toString(16)} at ${at}`);
    // a take cut short by a crash may end inside its last frame
    if (e.end > b.length) [truncated, e.end] = [true, b.length];
    top.push(e);
    at = e.end;
  }
  const rel = (e) => e.at - segment.data;
  const seekHead = top.find((e) => e.id === SEEKHEAD);
  const cues = top.find((e) => e.id === CUES);
  const seekToCues = seekHead && children(b, seekHead.data, seekHead.end)
    .map((s) => children(b, s.data, s.end))
    .find((kids) => uint(b, kids.find((k) => k.id === SEEKID)) === CUES);
  const clusterAt = new Set(top.filter((e) => e.id === CLUSTER).map(rel));
  const points = cues ? children(b, cues.data, cues.end).filter((e) => e.id === CUEPOINT) : [];
  const positions = points.map((p) => {
    const kids = children(b, p.data, p.end);
    const tp = kids.find((k) => k.id === CUEPOSITIONS);
    return { time: uint(b, kids.find((k) => k.id === CUETIME)), cluster: uint(b, children(b, tp.data, tp.end).find((k) => k.id === CUECLUSTER)) };
  });
  const info = top.find((e) => e.id === INFO);
  const duration = info && children(b, info.data, info.end).find((k) => k.id === DURATION);
  return {
    clusters: clusterAt.size,
    cuePoints: points.length,
    seekHeadFindsCues: !!(seekToCues && cues && uint(b, seekToCues.find((k) => k.id === SEEKPOS)) === rel(cues)),
    cuesOnClusters: positions.every((p) => clusterAt.has(p.cluster)),
    cueTimes: positions.map((p) => p.time),
    cueOffsets: positions.map((p) => segment.data + p.cluster),
    hasDuration: !!duration,
    truncated,
  };
}
