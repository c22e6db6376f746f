package io.podster.signaling;

import io.podster.auth.AuthGuard;
import io.podster.auth.SessionRevocations;
import io.podster.auth.UserRepository;
import io.podster.cluster.ClusterView;
import io.podster.config.PodsterConfig;
import io.podster.metrics.PodsterMetrics;
import io.podster.recording.Takes;
import io.podster.rooms.RoomAccess;
import io.podster.rooms.RoomRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * This node's signaling sockets at {@code /ws}: upgrade (Origin and session checked), per-socket
 * rate limit, heartbeats, and a graceful stop that closes every socket with 1012 so clients
 * reconnect (to any node) with their resume token. Sockets live on several event loops, one
 * {@link SignalingLoop} each ({@code PODSTER_EVENT_LOOPS}, one by default): each loop is
 * its own relay endpoint, so a room spanning loops works as a room spanning nodes. What is done
 * once per node lives here: codecs, relay timing, metrics, a cluster member leaving, the stop.
 */
public final class SignalingServer {
  /** Larger frames close the socket with 1009; the HTTP server lets up to 1 MiB through so we can say so. */
  public static final int MAX_MESSAGE_BYTES = 64 * 1024;
  static final double MESSAGES_PER_SECOND = 50;
  static final double BURST = 200;
  static final long HEARTBEAT_EVERY_MS = 5_000;
  static final long SILENCE_LIMIT_MS = 20_000;
  /**
   * Detached peers are timed where they detached, or by every node when theirs leaves; this full
   * read of the peers map only catches one whose timer was lost, so it can be rare.
   */
  static final long SAFETY_SWEEP_MS = 10 * 60_000;
  private final PeerDirectory directory;
  private final NodeTally tally = new NodeTally();
  private final List<SignalingLoop> loops = new ArrayList<>();

  public SignalingServer(
      ClusterView cluster,
      PodsterConfig config,
      AuthGuard guard,
      SessionRevocations revocations,
      RoomAccess access,
      RoomRepository rooms,
      UserRepository users,
      Takes takes,
      Clock clock,
      PodsterMetrics metrics) {
    Vertx vertx = cluster.vertx();
    io.podster.cluster.ClusterSecret secret = new io.podster.cluster.ClusterSecret(config.jwtSecret());
    this.directory = new PeerDirectory(vertx, secret);
    vertx.eventBus().registerDefaultCodec(RoomBroadcasts.class, new RoomBroadcastCodec());
    vertx.eventBus().registerDefaultCodec(FrameBatch.class, new FrameBatchCodec());
    SignalingDeps deps =
        new SignalingDeps(
            vertx,
            config,
            guard,
            revocations,
            access,
            rooms,
            users,
            takes,
            clock,
            metrics,
            directory,
            new ResumeTokens(vertx, secret),
            new IceServers(config.ice(), clock),
            tally);
    String nodeId = cluster.nodeId();
    for (int i = 0; i < config.http().eventLoops(); i++) {
      loops.add(new SignalingLoop(deps, Endpoints.of(nodeId, i), i == 0));
    }
    cluster.onNodeLeft(id -> loops.forEach(loop -> loop.nodeLeft(id)));
    // Timed between nodes only: a hop between two loops of this node carries this node's id.
    RelayLatency.install(vertx.eventBus(), nodeId, metrics);
    // Read at scrape time, on the admin listener's loop: the tally is summed over the loops as they go.
    metrics.gauge("podster.sockets.open", "Signaling sockets open on this node", this::sockets);
    metrics.gauge("podster.rooms.active", "Rooms with at least one peer on this node", this::localRooms);
  }

  /** How many event loops serve signaling: as many HTTP verticle instances must mount them. */
  public int loopCount() {
    return loops.size();
  }

  /**
   * Mounts {@code /ws} for loop {@code loop}; call from that loop's HTTP verticle instance, so its
   * sockets and timers share the instance's event loop.
   */
  public void mount(int loop, Router router) {
    loops.get(loop).mount(router);
  }

  /** The loops, for tests that check where sockets landed. */
  List<SignalingLoop> loops() {
    return loops;
  }

  public int sockets() {
    return tally.sockets();
  }

  /** Rooms with a joined peer on this node, on any of its loops. */
  public int localRooms() {
    return tally.rooms();
  }

  public Future<Integer> rooms() {
    return directory.roomCount();
  }

  /** Closes every loop's sockets with 1012 (service restart) and waits until their peers are announced gone. */
  public Future<Void> shutdown() {
    return Future.join(loops.stream().map(SignalingLoop::shutdown).toList()).mapEmpty();
  }

  /**
   * Over 64 KiB of UTF-8. A char is at most 3 bytes, so short frames (all of signaling's traffic)
   * are let through without counting, and long ones are counted without copying them.
   */
  static boolean tooBig(String text) {
    int chars = text.length();
    if (chars > MAX_MESSAGE_BYTES) {
      return true;
    }
    if (chars <= MAX_MESSAGE_BYTES / 3) {
      return false;
    }
    long bytes = 0;
    for (int i = 0; i < chars; i++) {
      char ch = text.charAt(i);
      if (ch < 0x80) {
        bytes++;
      } else if (ch < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(ch) && i + 1 < chars && Character.isLowSurrogate(text.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes > MAX_MESSAGE_BYTES;
  }
}
