package io.podster.signaling;

/**
 * Who hears a room broadcast, by name rather than by position: {@code RoomAudience.othersThan(me)},
 * {@code RoomAudience.everyone().echoing(me, id)}.
 *
 * @param except a peer that gets no copy, or null
 * @param echoTo a peer whose copy carries {@code echoId}, the id of the message that caused it, or null
 * @param leftPeerId for {@code peer-left}: the peer every node forgets where it was, or null
 */
record RoomAudience(String except, String echoTo, Object echoId, String leftPeerId) {
  static RoomAudience everyone() {
    return new RoomAudience(null, null, null, null);
  }

  /** Everyone in the room but {@code peerId} (the sender of a {@code peer-state}, the newcomer of a {@code peer-joined}). */
  static RoomAudience othersThan(String peerId) {
    return new RoomAudience(peerId, null, null, null);
  }

  /** {@code peerId}'s copy carries {@code id}; nothing changes when either is null (a message sent without an id). */
  RoomAudience echoing(String peerId, Object id) {
    return peerId == null || id == null ? this : new RoomAudience(except, peerId, id, leftPeerId);
  }

  /** The broadcast says {@code peerId} left: every node in the room drops what it knew of it. */
  RoomAudience announcingLeft(String peerId) {
    return new RoomAudience(except, echoTo, echoId, peerId);
  }
}
