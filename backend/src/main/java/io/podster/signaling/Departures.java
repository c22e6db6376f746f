package io.podster.signaling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/**
 * Peers going away: {@code leave}, a closed socket, a kick, or a dead node. Whoever removes the
 * peer from the directory announces {@code peer-left}, so it is announced once.
 */
final class Departures {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Departures.class);
  private final PeerDirectory directory;
  private final RoomFanout fanout;
  private final ResumeTokens resume;

  Departures(PeerDirectory directory, RoomFanout fanout, ResumeTokens resume) {
    this.directory = directory;
    this.fanout = fanout;
    this.resume = resume;
  }

  static JsonObject peerLeft(String peerId) {
    return new JsonObject().put("type", MessageTypes.PEER_LEFT).put("peerId", peerId);
  }

  /**
   * Takes the socket out of its room. With {@code resumable} (the socket closed, the peer did not
   * leave) its resume token stays valid for the grace period.
   */
  Future<Void> depart(Connection c, boolean resumable) {
    Peer p = c.peer;
    if (p == null) {
      return Future.succeededFuture();
    }
    c.peer = null;
    c.host = false;
    fanout.remove(p.roomId(), c);
    if (c.inbox != null) {
      c.inbox.unregister();
      c.inbox = null;
    }
    Future<Void> kept =
        resumable && c.resumeToken != null
            ? resume.keep(c.resumeToken, p.peerId(), p.userId(), p.roomId())
            : Future.succeededFuture();
    return kept.recover(e -> Future.succeededFuture()).compose(v -> announce(p.peerId(), null, null));
  }

  /** Removes the peer cluster-wide and tells its room; the copy to {@code echoTo} carries {@code echoId}. */
  Future<Void> announce(String peerId, String echoTo, Object echoId) {
    return directory
        .remove(peerId)
        .map(
            removed -> {
              removed.ifPresent(p -> fanout.publish(p.roomId(), peerLeft(p.peerId()), p.peerId(), echoTo, echoId));
              return null;
            });
  }

  /** A cluster member left or died: its peers are gone. */
  Future<Void> nodeLeft(String nodeId) {
    return directory
        .onNode(nodeId)
        .compose(
            peers -> {
              log.info("node {} left: announcing {} peers gone", nodeId, peers.size());
              List<Future<Void>> all = new ArrayList<>();
              peers.forEach(p -> all.add(announce(p.peerId(), null, null)));
              return Future.join(all).mapEmpty();
            });
  }
}
