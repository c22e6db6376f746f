import type { UplinkReading } from '../recording/upload-pacing';

interface StatLike {
  type: string;
  id?: string;
  timestamp?: number;
  selectedCandidatePairId?: string;
  state?: string;
  nominated?: boolean;
  bytesSent?: number;
  availableOutgoingBitrate?: number;
}

/** One connection's selected candidate pair: bytes sent so far (all media, all overhead) and its estimate. */
export interface PairReading {
  at: number;
  bytesSent: number;
  availableBps: number | null;
}

/** The selected candidate pair of a getStats() report (the transport's, else the nominated one). */
export function readPair(report: Iterable<StatLike>): PairReading | null {
  const stats = [...report];
  const selected = stats.find((s) => s.type === 'transport' && s.selectedCandidatePairId)?.selectedCandidatePairId;
  const pair = stats.find((s) => s.type === 'candidate-pair' && (selected ? s.id === selected : s.nominated && s.state === 'succeeded'));
  if (!pair || pair.timestamp === undefined) return null;
  return { at: pair.timestamp, bytesSent: pair.bytesSent ?? 0, availableBps: pair.availableOutgoingBitrate ?? null };
}

/**
 * The whole call's uplink from each connection's reading now and a second or so before: what all
 * connections send together, and what they could (in a mesh each connection estimates its own
 * path; the tightest one's spare, on top of what they all send, is what the uplink takes in all).
 * A connection read for the first time counts as sending nothing yet.
 */
export function combineUplink(pairs: { now: PairReading; before: PairReading | undefined }[]): UplinkReading | null {
  let sendBps = 0;
  let spare: number | null = null;
  let measured = 0;
  for (const { now, before } of pairs) {
    measured++;
    const send = before && now.at > before.at ? (Math.max(0, now.bytesSent - before.bytesSent) * 8 * 1000) / (now.at - before.at) : 0;
    sendBps += send;
    if (now.availableBps !== null) spare = Math.min(spare ?? Infinity, Math.max(0, now.availableBps - send));
  }
  if (measured === 0) return null;
  return { sendBps, availableBps: spare === null ? null : sendBps + spare };
}

/** Reads the uplink of some peer connections, remembering each one's last reading between calls. */
export class UplinkReader {
  private last = new WeakMap<RTCPeerConnection, PairReading>();

  async read(connections: RTCPeerConnection[]): Promise<UplinkReading | null> {
    const pairs: { now: PairReading; before: PairReading | undefined }[] = [];
    for (const pc of connections) {
      if (pc.connectionState !== 'connected') continue;
      try {
        const now = readPair((await pc.getStats()).values());
        if (!now) continue;
        pairs.push({ now, before: this.last.get(pc) });
        this.last.set(pc, now);
      } catch {
        // closed meanwhile
      }
    }
    return combineUplink(pairs);
  }
}
