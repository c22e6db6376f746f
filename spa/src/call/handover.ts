/** The lobby on /join/{code} hands its camera to the room page, so the guest is not asked twice. */
let pending: { roomId: string; stream: MediaStream } | null = null;

export function handOver(roomId: string, stream: MediaStream): void {
  pending = { roomId, stream };
}

export function takeHandOver(roomId: string): MediaStream | null {
  if (pending?.roomId !== roomId) return null;
  const { stream } = pending;
  pending = null;
  return stream;
}
