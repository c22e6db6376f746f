export interface HandedOver {
  stream: MediaStream;
  studioMic: MediaStreamTrack | null;
}

/**
 * The lobby on /join/{code} hands its camera to the room page, so the guest is not asked twice.
 * One per page (the app root makes it): it holds at most one hand-over, for one room.
 */
export class HandOver {
  private pending: (HandedOver & { roomId: string }) | null = null;

  give(roomId: string, stream: MediaStream, studioMic: MediaStreamTrack | null = null): void {
    this.pending = { roomId, stream, studioMic };
  }

  /** What was handed to this room, once: a second call (or another room) gets null. */
  take(roomId: string): HandedOver | null {
    if (this.pending?.roomId !== roomId) return null;
    const { stream, studioMic } = this.pending;
    this.pending = null;
    return { stream, studioMic };
  }
}
