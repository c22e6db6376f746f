import type { Take } from '../api/types';
import type { CallQuality, RecordingStatus, ServerMessage, TrackRecord } from '../signaling/messages';

/** The words the host's board shows (the contract's). */
export type BoardWord = 'recording' | 'uploading' | 'saved' | 'failed' | 'not recording';

export interface BoardRow {
  userId: string;
  displayName: string;
  word: BoardWord;
  /** Bytes still to upload as the participant's browser last said, or null when that no longer holds. */
  pendingBytes: number | null;
  format: string | null;
  quality: CallQuality | null;
  /** In the room now (a peer of theirs is connected). */
  present: boolean;
  /** Set once they left with uploads pending: what the host should know. */
  leftNote: string | null;
  /** Set when a track of theirs in the take will not be saved (its upload aborted: it caught nothing, or was discarded). */
  lostNote: string | null;
}

export interface BoardView {
  rows: BoardRow[];
  /** The last take is over and the store holds every track of it. */
  allSaved: boolean;
  running: boolean;
}

interface Person {
  userId: string;
  displayName: string;
  peers: Set<string>;
  status: RecordingStatus | null;
  /** Message order: a browser's claim of pending bytes is stale once the server completed one of its tracks after it. */
  statusSeq: number;
  completedSeq: number;
}

export const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

const TRACK_NAMES: Record<string, string> = { camera: 'camera', screen: 'screen', audio: 'lossless audio' };

/** "camera", "camera and lossless audio": each kind once. */
function lostTrackNames(kinds: string[]): string {
  const names = [...new Set(kinds)].map((k) => TRACK_NAMES[k] ?? k);
  const tail = names.length > 1 ? ` and ${names.pop()}` : '';
  return `${names.join(', ')}${tail} ${names.length + (tail ? 1 : 0) > 1 ? 'tracks' : 'track'}`;
}

/**
 * The host's board, from the socket's messages alone. `saved` comes only from the server's records
 * of tracks (`track-status`, or the takes list as seed); a browser's own report can only hold a
 * participant back at `uploading`, never say they are saved.
 */
export class BoardModel {
  private seq = 0;
  private readonly peers = new Map<string, string>();
  private readonly people = new Map<string, Person>();
  private readonly tracks = new Map<string, TrackRecord>();
  private take: { takeId: string; running: boolean } | null = null;

  /** True when the message changed the board. */
  receive(m: ServerMessage): boolean {
    switch (m.type) {
      case 'joined':
        this.peers.clear();
        for (const p of this.people.values()) p.peers.clear();
        for (const p of m.peers) this.addPeer(p.peerId, p.userId, p.displayName);
        if (m.recording) this.take = { takeId: m.recording.takeId, running: true };
        else if (this.take) this.take = { ...this.take, running: false };
        return true;
      case 'peer-joined':
        this.addPeer(m.peer.peerId, m.peer.userId, m.peer.displayName);
        return true;
      case 'peer-left': {
        const userId = this.peers.get(m.peerId);
        this.peers.delete(m.peerId);
        if (userId) this.people.get(userId)?.peers.delete(m.peerId);
        return userId !== undefined;
      }
      case 'peer-status': {
        const p = this.addPeer(m.peerId, m.userId, m.displayName);
        p.status = m.status;
        p.statusSeq = ++this.seq;
        return true;
      }
      case 'track-status':
        this.track(m.track);
        return true;
      case 'record-started':
        this.take = { takeId: m.takeId, running: true };
        return true;
      case 'record-stopped':
        this.take = { takeId: m.takeId, running: false };
        return true;
      default:
        return false;
    }
  }

  /** The room's takes as GET /api/rooms/{id}/takes lists them (newest first): what a host who just joined cannot have heard. */
  seed(takes: Take[]): void {
    const last = takes[0];
    if (!last) return;
    if (!this.take) this.take = { takeId: last.id, running: last.stoppedAt === null };
    if (this.take.takeId !== last.id) return;
    for (const t of last.tracks) this.track({ ...t, takeId: last.id });
  }

  view(): BoardView {
    const ofTake = [...this.tracks.values()].filter((t) => t.takeId === this.take?.takeId);
    // An aborted track is not waited for (its person is saved once the rest is), but said.
    const takeTracks = ofTake.filter((t) => t.state !== 'aborted');
    const aborted = ofTake.filter((t) => t.state === 'aborted');
    const rows: BoardRow[] = [];
    for (const p of this.people.values()) {
      const mine = takeTracks.filter((t) => t.userId === p.userId);
      const claim = p.status && p.statusSeq > p.completedSeq ? p.status : null;
      const row = this.row(p, mine, claim, aborted.filter((t) => t.userId === p.userId).map((t) => t.kind));
      if (row.present || mine.length > 0 || row.pendingBytes) rows.push(row);
    }
    rows.sort((a, b) => a.displayName.localeCompare(b.displayName));
    const running = this.take?.running ?? false;
    const allSaved =
      this.take !== null && !running && takeTracks.length > 0 && takeTracks.every((t) => t.state === 'complete') &&
      rows.every((r) => r.word === 'saved' || r.word === 'not recording');
    return { rows, allSaved, running };
  }

  private row(p: Person, mine: TrackRecord[], claim: RecordingStatus | null, lostKinds: string[]): BoardRow {
    const present = p.peers.size > 0;
    const running = this.take?.running ?? false;
    const claimsPending = claim !== null && (claim.state === 'recording' || claim.state === 'uploading' || claim.pendingBytes > 0);
    let word: BoardWord;
    if (claim?.state === 'failed') word = 'failed';
    else if (running && present && (claim?.state === 'recording' || (!claimsPending && mine.some((t) => t.state === 'uploading')))) {
      // A track of the running take that the server created before this browser's own report said
      // "recording" (the report follows the recorder's start; the create can reach the host first):
      // it is being recorded, not uploaded.
      word = 'recording';
    }
    else if (claimsPending || mine.some((t) => t.state !== 'complete')) word = 'uploading';
    else if (mine.length > 0) word = 'saved';
    else word = 'not recording';
    const pendingBytes = claimsPending ? claim.pendingBytes : null;
    const leftNote =
      !present && word === 'uploading' && pendingBytes
        ? `${p.displayName} left — ${megabytes(pendingBytes)} still to upload; it resumes when they reopen the link`
        : null;
    const lostNote = lostKinds.length > 0 ? `${p.displayName}'s ${lostTrackNames(lostKinds)} will not be saved (nothing was recorded, or the upload was discarded)` : null;
    return { userId: p.userId, displayName: p.displayName, word, pendingBytes, format: p.status?.format ?? null, quality: p.status?.quality ?? null, present, leftNote, lostNote };
  }

  /** Complete is final: an older word (a seed read before the push) never takes it back. */
  private track(t: TrackRecord): void {
    const known = this.tracks.get(t.recordingId);
    if (known?.state === 'complete' && t.state !== 'complete') return;
    this.tracks.set(t.recordingId, t);
    const p = this.person(t.userId, t.displayName ?? 'Participant');
    if (t.state === 'complete' && known?.state !== 'complete') p.completedSeq = ++this.seq;
  }

  private addPeer(peerId: string, userId: string, displayName: string): Person {
    this.peers.set(peerId, userId);
    const p = this.person(userId, displayName);
    p.displayName = displayName;
    p.peers.add(peerId);
    return p;
  }

  private person(userId: string, displayName: string): Person {
    let p = this.people.get(userId);
    if (!p) {
      p = { userId, displayName, peers: new Set(), status: null, statusSeq: 0, completedSeq: 0 };
      this.people.set(userId, p);
    }
    return p;
  }
}

