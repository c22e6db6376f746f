/**
 * The DTLS certificate fingerprint a description carries. Every RTCPeerConnection has its own
 * certificate, so an offer with a different fingerprint comes from a connection the other side
 * made afresh.
 */
export function dtlsFingerprint(sdp: string | undefined): string | null {
  const m = /^a=fingerprint:(\S+ \S+)/m.exec(sdp ?? '');
  return m ? m[1]!.toLowerCase() : null;
}

/** True when an incoming description is an offer from a new connection rather than our peer's old one. */
export function isFromNewConnection(incoming: RTCSessionDescriptionInit | undefined, current: RTCSessionDescriptionInit | null): boolean {
  if (incoming?.type !== 'offer' || !current) return false;
  const theirs = dtlsFingerprint(incoming.sdp);
  const known = dtlsFingerprint(current.sdp);
  return theirs !== null && known !== null && theirs !== known;
}
