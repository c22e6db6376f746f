package io.podster.signaling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Peers going away: {@code leave}, a kick, a dead node, or a socket that closed and was not resumed
 * within the grace period. Whoever removes the peer from the directory announces {@code
 * peer-left}, so it is announced once. A closed socket only detaches its peer: the others hear
 * nothing unless the grace period runs out, so a client that comes back makes nobody renegotiate.
 */
final class Departures {
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(Departures.class);
  private final PeerDirectory directory;
  private final RoomFanout fanout;
  private final ResumeTokens resume;
  private final long graceMs;
  private final Clock clock;

  Departures(PeerDirectory directory, RoomFanout fanout, ResumeTokens resume, Duration grace, Clock clock) {
    this.directory = directory;
    this.fanout = fanout;
    this.resume = resume;
    this.graceMs = grace.toMillis();
    this.clock = clock;
  }

  static JsonObject peerLeft(String peerId) {
    return new JsonObject().put("type", MessageTypes.PEER_LEFT).put("peerId", peerId);
  }

  /**
   * Takes the socket out of its room. With {@code resumable} (the socket closed, the peer did not
   * leave) the peer is only detached and its resume token lasts the grace period.
   */
  Future<Void> depart(Connection c, boolean resumable) {
    Peer p = release(c);
    if (p == null) {
      return Future.succeededFuture();
    }
    if (resumable && c.resumeToken != null) {
      return directory
          .put(p.detached(clock.millis()))
          .compose(v -> resume.keepFor(c.resumeToken, p, graceMs))
          .recover(e -> announce(p.peerId(), null, null));
    }
    if (c.resumeToken != null) {
      resume.forget(c.resumeToken);
    }
    return announce(p.peerId(), null, null);
  }

  /** Another socket resumed this peer: drop it from this connection without a word to the room. */
  void handOver(Connection c) {
    release(c);
    c.resumeToken = null;
  }

  private Peer release(Connection c) {
    Peer p = c.peer;
    if (p == null) {
      return null;
    }
    c.peer = null;
    c.host = false;
    fanout.remove(p, c);
    if (c.inbox != null) {
      c.inbox.unregister();
      c.inbox = null;
    }
    return p;
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

  /** Detached peers whose grace period ran out are gone. Any node may sweep; only one removes each. */
  Future<Void> sweep() {
    return directory
        .detachedBefore(clock.millis() - graceMs)
        .compose(
            stale -> {
              List<Future<Void>> all = new ArrayList<>();
              for (JsonObject stored : stale) {
                all.add(
                    directory
                        .removeIfSame(stored)
                        .map(
                            removed -> {
                              if (removed) {
                                Peer p = Peer.fromStored(stored);
                                fanout.publish(p.roomId(), peerLeft(p.peerId()), p.peerId(), null, null);
                              }
                              return null;
                            }));
              }
              return Future.join(all).mapEmpty();
            });
  }

  /** A cluster member left or died: its attached peers are gone at once. */
  Future<Void> nodeLeft(String nodeId) {
    return directory
        .onNode(nodeId)
        .compose(
            peers -> {
              log.atInfo().addKeyValue("node", nodeId).addKeyValue("peers", peers.size()).log("node left: announcing its peers gone");
              List<Future<Void>> all = new ArrayList<>();
              peers.forEach(p -> all.add(announce(p.peerId(), null, null)));
              return Future.join(all).mapEmpty();
            });
  }
}
