package io.podster.signaling;

/** Event-bus addresses and shared-data names of signaling, in one place. */
final class Addresses {
  private static final String ROOM = "podster.room.";
  private static final String PEER = "podster.peer.";
  private static final String NODE = "podster.node.";

  private Addresses() {}

  /** Published to every node holding a peer of the room; each fans out to its own sockets. */
  static String room(String roomId) {
    return ROOM + roomId;
  }

  /** Sent to the one node holding the peer's socket. */
  static String peer(String peerId) {
    return PEER + peerId;
  }

  /** Published to every node with a host socket in the room: finished board frames (see {@code RecordingBoard}). */
  static String board(String roomId) {
    return "podster.board." + roomId;
  }

  /** Sent to one node: batches of signals for its peers (see {@code NodeRelay}). */
  static String node(String nodeId) {
    return NODE + nodeId;
  }

  /** Whether the address carries relayed signaling (a room's, a peer's or a node's batches), as {@link RelayLatency} times. */
  static boolean relayed(String address) {
    return address != null && (address.startsWith(PEER) || address.startsWith(ROOM) || address.startsWith(NODE));
  }

  /**
   * Published to every node: {@code {roomId, userId}} of a member kicked from the room, whose
   * sockets in it close wherever they are (see {@code Evictions}).
   */
  static final String KICKS = "podster.kicks";

  /** Cluster-wide map: peerId → peer (room, user, node, state). */
  static final String PEERS_MAP = "podster.peers";

  /**
   * Cluster-wide map: roomId → the ids of its peers (see {@code RoomIndex}). Named anew when its
   * values changed from an object to an array, so a node of either version never reads the other's.
   */
  static final String ROOMS_MAP = "podster.room-peers";

  /** Cluster-wide map: a resume token's proof (never the token) → peer, kept 30 s after a socket closes. */
  static final String RESUME_MAP = "podster.resume";
}
