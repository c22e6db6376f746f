package io.podster.signaling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

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
  private final BiConsumer<Long, Runnable> timers;

  /** @param timers runs the task after that many milliseconds, on the calling (sockets') context */
  Departures(
      PeerDirectory directory,
      RoomFanout fanout,
      ResumeTokens resume,
      Duration grace,
      Clock clock,
      BiConsumer<Long, Runnable> timers) {
    this.directory = directory;
    this.fanout = fanout;
    this.resume = resume;
    this.graceMs = grace.toMillis();
    this.clock = clock;
    this.timers = timers;
  }

  /**
   * Takes the socket out of its room. With {@code resumable} (the socket closed, the peer did not
   * leave) the peer is only detached and its resume token lasts the grace period.
   */
  Future<Void> depart(SocketSession c, boolean resumable) {
    SocketSession.Released r = release(c);
    if (r == null) {
      return Future.succeededFuture();
    }
    Peer p = r.peer();
    if (resumable && r.resumeToken() != null) {
      Peer detached = p.detached(clock.millis());
      return directory
          .put(detached)
          .compose(v -> resume.keepFor(r.resumeToken(), p, graceMs))
          .onSuccess(v -> expireAfterGrace(detached.toStored()))
          .recover(e -> announce(p.peerId(), null, null));
    }
    if (r.resumeToken() != null) {
      resume.forget(r.resumeToken());
    }
    return announce(p.peerId(), null, null);
  }

  /** Another socket resumed this peer: drop it from this connection without a word to the room. */
  void handOver(SocketSession c) {
    release(c);
  }

  private SocketSession.Released release(SocketSession c) {
    SocketSession.Released r = c.release();
    if (r != null) {
      fanout.remove(r.peer(), c);
    }
    return r;
  }

  /** Removes the peer cluster-wide and tells its room; the copy to {@code echoTo} carries {@code echoId}. */
  Future<Void> announce(String peerId, String echoTo, Object echoId) {
    return directory
        .remove(peerId)
        .map(
            removed -> {
              removed.ifPresent(p -> tellRoomLeft(p, echoTo, echoId));
              return null;
            });
  }

  private void tellRoomLeft(Peer p, String echoTo, Object echoId) {
    fanout.publish(
        p.roomId(),
        ServerMessages.peerLeft(p.peerId()),
        RoomAudience.othersThan(p.peerId()).echoing(echoTo, echoId).announcingLeft(p.peerId()));
  }

  /**
   * Once the grace period of that detached entry is over, the peer is gone unless it came back.
   * Only an entry still exactly as stored is removed: a resumed, left or re-detached peer has
   * changed it, and any node may run the same check, so each departure is announced once.
   */
  void expireAfterGrace(JsonObject stored) {
    long due = stored.getLong("detachedAt") + graceMs - clock.millis();
    timers.accept(Math.max(1, due), () -> expire(stored));
  }

  private Future<Void> expire(JsonObject stored) {
    return directory
        .removeIfSame(stored)
        .map(
            removed -> {
              if (removed) {
                tellRoomLeft(Peer.fromStored(stored), null, null);
              }
              return null;
            });
  }

  /**
   * The safety net: detached peers whose grace period ran out and whose timer was lost (a node
   * that crashed before other nodes read its detached peers). Reads every peer, so it runs rarely.
   */
  Future<Void> sweep() {
    return directory
        .detachedBefore(clock.millis() - graceMs)
        .compose(
            stale -> {
              List<Future<Void>> all = new ArrayList<>();
              stale.forEach(stored -> all.add(expire(stored)));
              return Future.join(all).mapEmpty();
            });
  }

  /**
   * A cluster member left or died: its attached peers are gone at once. Its detached peers' grace
   * timers went with it, so every remaining node runs them (only one removes each).
   */
  Future<Void> nodeLeft(String nodeId) {
    return directory
        .onNode(nodeId)
        .compose(
            entries -> {
              List<Future<Void>> all = new ArrayList<>();
              for (JsonObject stored : entries) {
                if (stored.getLong("detachedAt") == null) {
                  all.add(announce(stored.getString("peerId"), null, null));
                } else {
                  expireAfterGrace(stored);
                }
              }
              log.atInfo()
                  .addKeyValue("node", nodeId)
                  .addKeyValue("attached", all.size())
                  .addKeyValue("detached", entries.size() - all.size())
                  .log("node left: its attached peers announced gone, its detached ones timed");
              return Future.join(all).mapEmpty();
            });
  }
}
