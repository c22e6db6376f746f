package io.podster.signaling;

import io.podster.auth.AuthGuard;
import io.podster.auth.Principal;
import io.podster.auth.SessionRevocations;
import io.podster.auth.UserRepository;
import io.podster.cluster.ClusterView;
import io.podster.config.PodsterConfig;
import io.podster.domain.Forbidden;
import io.podster.domain.Unauthenticated;
import io.podster.metrics.PodsterMetrics;
import io.podster.metrics.RateLimits;
import io.podster.recording.Takes;
import io.podster.rooms.RoomAccess;
import io.podster.rooms.RoomRepository;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * This node's signaling sockets at {@code /ws}: upgrade (Origin and session checked), per-socket
 * rate limit, heartbeats, and a graceful stop that closes every socket with 1012 so clients
 * reconnect (to any node) with their resume token. Sockets live on the HTTP verticle's event loop.
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
  private final Vertx vertx;
  private final PodsterConfig config;
  private final AuthGuard guard;
  private final Clock clock;
  private final Dispatcher dispatcher;
  private final RecordingBoard board;
  private final Departures departures;
  private final PeerDirectory directory;
  private final PodsterMetrics metrics;
  private final Set<SocketSession> sockets = new LinkedHashSet<>();
  private final HeartbeatSlots<SocketSession> heartbeats = new HeartbeatSlots<>();
  private final NodeRelay nodeRelay;
  private final SessionRevocations revocations;
  private final Evictions evictions;
  private final String nodeId;
  private long heartbeatTimer = -1;
  private long sweepTimer = -1;
  /** The HTTP verticle's context: sockets, room fan-out and timers all live on its event loop. */
  private volatile Context context;

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
    this.vertx = cluster.vertx();
    this.metrics = metrics;
    this.config = config;
    this.guard = guard;
    this.clock = clock;
    io.podster.cluster.ClusterSecret secret = new io.podster.cluster.ClusterSecret(config.jwtSecret());
    this.directory = new PeerDirectory(vertx, secret);
    vertx.eventBus().registerDefaultCodec(RoomBroadcasts.class, new RoomBroadcastCodec());
    vertx.eventBus().registerDefaultCodec(FrameBatch.class, new FrameBatchCodec());
    RoomFanout fanout = new RoomFanout(vertx);
    this.nodeRelay = new NodeRelay(vertx, fanout::localConnection);
    this.nodeId = cluster.nodeId();
    ResumeTokens resume = new ResumeTokens(vertx, secret);
    this.departures =
        new Departures(
            directory,
            fanout,
            resume,
            config.limits().resumeGrace(),
            clock,
            (ms, task) -> vertx.setTimer(ms, t -> task.run()));
    JoinHandler joins =
        new JoinHandler(
            access,
            revocations,
            users,
            takes,
            directory,
            fanout,
            resume,
            new IceServers(config.ice(), clock),
            vertx.eventBus(),
            departures,
            new PeerInbox(departures),
            nodeId);
    RoomActions actions = new RoomActions(directory, fanout, vertx.eventBus(), nodeRelay, takes, rooms, departures, revocations, clock);
    this.board = new RecordingBoard(vertx.eventBus(), clock);
    this.dispatcher = new Dispatcher(joins, actions, departures, board, metrics, clock);
    this.revocations = revocations;
    this.evictions = new Evictions(() -> sockets, departures);
    cluster.onNodeLeft(
        id ->
            onSocketsLoop(
                () -> {
                  departures.nodeLeft(id);
                  fanout.forgetNode(id);
                }));
    RelayLatency.install(vertx.eventBus(), nodeId, metrics);
    // Read at scrape time on the HTTP verticle's event loop, the one the sockets live on.
    metrics.gauge("podster.sockets.open", "Signaling sockets open on this node", this::sockets);
    metrics.gauge("podster.rooms.active", "Rooms with at least one peer on this node", this::localRooms);
  }

  /** Mounts {@code /ws}; call from the HTTP verticle so sockets and timers share its event loop. */
  public void mount(Router router) {
    context = vertx.getOrCreateContext();
    router.get("/ws").handler(this::upgrade);
    // Kept while the node stops: batches still in flight to it are passed on to where their peers resumed.
    vertx.eventBus().<FrameBatch>consumer(Addresses.node(nodeId), m -> nodeRelay.receive(m.body()));
    // Registered here, so they run on the sockets' event loop.
    vertx.eventBus().<io.vertx.core.json.JsonObject>consumer(Addresses.KICKS, m -> evictions.kicked(m.body()));
    revocations.onRevoked(evictions::sessionRevoked);
    board.mount();
    heartbeatTimer = vertx.setPeriodic(HEARTBEAT_EVERY_MS / HeartbeatSlots.SLOTS, t -> heartbeat());
    sweepTimer = vertx.setPeriodic(SAFETY_SWEEP_MS, t -> departures.sweep());
  }

  /** Runs {@code work} on the sockets' event loop (at once before {@link #mount}: no sockets yet). */
  private void onSocketsLoop(Runnable work) {
    Context home = context;
    if (home == null) {
      work.run();
    } else {
      home.runOnContext(v -> work.run());
    }
  }

  public int sockets() {
    return sockets.size();
  }

  /** Rooms with a joined peer on this node. */
  public int localRooms() {
    return (int) new ArrayList<>(sockets).stream().filter(SocketSession::joined).map(c -> c.peer().roomId()).distinct().count();
  }

  public Future<Integer> rooms() {
    return directory.roomCount();
  }

  /** Closes every socket with 1012 (service restart) and waits until their peers are announced gone. */
  public Future<Void> shutdown() {
    if (context == null) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    context.runOnContext(v -> closeAll().onComplete(closed));
    return closed.future();
  }

  private Future<Void> closeAll() {
    if (heartbeatTimer != -1) {
      vertx.cancelTimer(heartbeatTimer);
    }
    if (sweepTimer != -1) {
      vertx.cancelTimer(sweepTimer);
    }

    List<Future<Void>> done = new ArrayList<>();
    for (SocketSession c : new ArrayList<>(sockets)) {
      c.close(1012, "server restarting");
      done.add(c.done());
    }
    return Future.join(done).timeout(5, TimeUnit.SECONDS).<Void>mapEmpty().recover(e -> Future.succeededFuture());
  }

  private void upgrade(RoutingContext ctx) {
    // Hold the upgrade while the session is checked; an unpaused request is gone by then.
    ctx.request().pause();
    String origin = ctx.request().getHeader("Origin");
    if (origin != null && !origin.equals(config.http().origin())) {
      ctx.fail(new Forbidden("bad_origin", "This page's origin may not open the signaling socket."));
      return;
    }
    guard
        .optional(ctx)
        .onSuccess(
            p -> {
              if (p.isEmpty()) {
                ctx.fail(new Unauthenticated());
                return;
              }
              FlushCoalescing.install(ctx.request().connection());
              ctx.request().toWebSocket().onSuccess(ws -> open(ws, p.get())).onFailure(ctx::fail);
            })
        .onFailure(ctx::fail);
  }

  private void open(ServerWebSocket ws, Principal principal) {
    long now = clock.millis();
    SocketSession c = new SocketSession(ws, principal, new SocketRateLimit(MESSAGES_PER_SECOND, BURST, now), now);
    sockets.add(c);
    heartbeats.add(c);
    ws.textMessageHandler(text -> onText(c, text));
    ws.binaryMessageHandler(
        b -> c.error(null, new SignalError("bad_json", "Send text frames with one JSON object each.")));
    ws.pongHandler(b -> c.seen(clock.millis()));
    ws.exceptionHandler(e -> {});
    ws.closeHandler(
        v -> {
          c.markClosed();
          sockets.remove(c);
          heartbeats.remove(c);
          departures.depart(c, true).onComplete(x -> c.gone());
        });
  }

  private void onText(SocketSession c, String text) {
    long now = clock.millis();
    c.seen(now);
    if (c.closed()) {
      return;
    }
    if (tooBig(text)) {
      c.markClosed();
      c.close(1009, "message too big");
      return;
    }
    if (!c.allow(now)) {
      c.markClosed();
      metrics.rateLimited(RateLimits.SIGNALING);
      c.close(1008, "too many messages");
      return;
    }
    dispatcher.handle(c, text);
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

  /** Pings this turn's sockets; one silent for too long is dropped (its peer detached, as for any closed socket). */
  private void heartbeat() {
    long now = clock.millis();
    for (SocketSession c : heartbeats.nextTurn()) {
      if (now - c.lastSeen() > SILENCE_LIMIT_MS) {
        sockets.remove(c);
        heartbeats.remove(c);
        c.markClosed();
        departures.depart(c, true);
        c.close(1001, "no heartbeat");
      } else {
        c.ping();
      }
    }
  }
}
