package io.podster.signaling;

/**
 * Relay endpoints: each event loop of a node holds its own sockets and is reached at its own
 * address ({@link Addresses#node}), named {@code <nodeId>/<loop>}. A peer's directory entry names
 * the endpoint holding its socket, so peers on two loops of one node relay through the in-process
 * event bus exactly as peers on two nodes do.
 */
final class Endpoints {
  private static final char SEPARATOR = '/';

  private Endpoints() {}

  static String of(String nodeId, int loop) {
    return nodeId + SEPARATOR + loop;
  }

  /**
   * Whether the endpoint is one of the node's loops: what a node that left takes with it. A bare
   * node id (written by a node from before loops) counts as its node's too.
   */
  static boolean onNode(String endpoint, String nodeId) {
    return endpoint != null
        && endpoint.startsWith(nodeId)
        && (endpoint.length() == nodeId.length() || endpoint.charAt(nodeId.length()) == SEPARATOR);
  }
}
