/** The lobby on /join/{code} hands its camera to the room page, so the guest is not asked twice. */
let pending: { roomId: string; stream: MediaStream; studioMic: MediaStreamTrack | null } | null = null;

export function handOver(roomId: string, stream: MediaStream, studioMic: MediaStreamTrack | null = null): void {
  pending = { roomId, stream, studioMic };
}

export function takeHandOver(roomId: string): { stream: MediaStream; studioMic: MediaStreamTrack | null } | null {
  if (pending?.roomId !== roomId) return null;
  const { stream, studioMic } = pending;
  pending = null;
  return { stream, studioMic };
}
