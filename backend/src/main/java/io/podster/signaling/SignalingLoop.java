package io.podster.signaling;

import io.podster.auth.Principal;
import io.podster.domain.Forbidden;
import io.podster.domain.Unauthenticated;
import io.podster.metrics.RateLimits;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One event loop's share of the node's signaling: the sockets that landed on it (Vert.x hands each
 * new connection of the shared port to the next HTTP verticle instance), their rooms' fan-out,
 * heartbeats and evictions. A WebSocket cannot change loops after the upgrade and its room is only
 * known at {@code join}, so rather than hand sockets over, each loop is a relay endpoint of its
 * own ({@link Endpoints}): a peer of the same room on another loop is reached through the
 * in-process event bus exactly as one on another node. Loops share no mutable state, so nothing
 * here needs a lock; everything below runs on this loop's context.
 */
final class SignalingLoop {
  private final Vertx vertx;
  private final SignalingDeps deps;
  private final Clock clock;
  private final String endpoint;
  /** Whether this loop also runs the node's once-per-node jobs: the safety sweep, a left node's departures. */
  private final boolean nodeWide;
  private final Dispatcher dispatcher;
  private final RecordingBoard board;
  private final Departures departures;
  private final RoomFanout fanout;
  private final NodeRelay nodeRelay;
  private final Evictions evictions;
  private final Set<SocketSession> sockets = new LinkedHashSet<>();
  private final HeartbeatSlots<SocketSession> heartbeats = new HeartbeatSlots<>();
  private long heartbeatTimer = -1;
  private long sweepTimer = -1;
  /** This loop's context, set when its HTTP verticle instance mounts it. */
  private volatile Context context;
  private volatile Thread thread;
  /** Sockets open on this loop, written here and read by tests from any thread (the node's total is in {@link NodeTally}). */
  private volatile int open;

  SignalingLoop(SignalingDeps d, String endpoint, boolean nodeWide) {
    this.vertx = d.vertx();
    this.deps = d;
    this.clock = d.clock();
    this.endpoint = endpoint;
    this.nodeWide = nodeWide;
    this.fanout = new RoomFanout(vertx, d.tally());
    this.nodeRelay = new NodeRelay(vertx, fanout::localConnection);
    this.departures =
        new Departures(
            d.directory(),
            fanout,
            d.resume(),
            d.config().limits().resumeGrace(),
            clock,
            (ms, task) -> vertx.setTimer(ms, t -> task.run()));
    JoinHandler joins =
        new JoinHandler(
            d.access(),
            d.revocations(),
            d.users(),
            d.takes(),
            d.directory(),
            fanout,
            d.resume(),
            d.ice(),
            vertx.eventBus(),
            departures,
            new PeerInbox(departures),
            endpoint);
    RoomActions actions =
        new RoomActions(d.directory(), fanout, vertx.eventBus(), nodeRelay, d.takes(), d.rooms(), departures, d.revocations(), clock);
    this.board = new RecordingBoard(vertx.eventBus(), clock);
    this.dispatcher = new Dispatcher(joins, actions, departures, board, d.metrics(), clock);
    this.evictions = new Evictions(() -> sockets, departures);
  }

  /** Mounts {@code /ws}; called by this loop's HTTP verticle instance, on its context. */
  void mount(Router router) {
    context = vertx.getOrCreateContext();
    thread = Thread.currentThread();
    router.get("/ws").handler(this::upgrade);
    // Kept while the node stops: batches still in flight to it are passed on to where their peers resumed.
    vertx.eventBus().<FrameBatch>consumer(Addresses.node(endpoint), m -> nodeRelay.receive(m.body()));
    // Registered here, so they run on this loop; published, so every loop of every node hears them.
    vertx.eventBus().<JsonObject>consumer(Addresses.KICKS, m -> evictions.kicked(m.body()));
    deps.revocations().onRevoked(evictions::sessionRevoked);
    board.mount();
    heartbeatTimer = vertx.setPeriodic(SignalingServer.HEARTBEAT_EVERY_MS / HeartbeatSlots.SLOTS, t -> heartbeat());
    if (nodeWide) {
      // It reads the whole peers map, cluster-wide: once per node is enough.
      sweepTimer = vertx.setPeriodic(SignalingServer.SAFETY_SWEEP_MS, t -> departures.sweep());
    }
  }

  String endpoint() {
    return endpoint;
  }

  /** The thread this loop runs on (null before it is mounted): for tests that check sockets really span loops. */
  Thread thread() {
    return thread;
  }

  int socketCount() {
    return open;
  }

  /**
   * A cluster member left: every loop forgets where that node's peers were; one loop announces
   * them gone (each departure is announced once anyway, but every loop would read the whole map).
   */
  void nodeLeft(String nodeId) {
    onLoop(
        () -> {
          if (nodeWide) {
            departures.nodeLeft(nodeId);
          }
          fanout.forgetNode(nodeId);
        });
  }

  /** Runs {@code work} on this loop (at once before {@link #mount}: no sockets yet). */
  private void onLoop(Runnable work) {
    Context home = context;
    if (home == null) {
      work.run();
    } else {
      home.runOnContext(v -> work.run());
    }
  }

  /** Closes this loop's sockets with 1012 (service restart) and waits until their peers are announced gone or detached. */
  Future<Void> shutdown() {
    Context home = context;
    if (home == null) {
      return Future.succeededFuture();
    }
    Promise<Void> closed = Promise.promise();
    home.runOnContext(v -> closeAll().onComplete(closed));
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
    if (origin != null && !origin.equals(deps.config().http().origin())) {
      ctx.fail(new Forbidden("bad_origin", "This page's origin may not open the signaling socket."));
      return;
    }
    deps.guard()
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
    SocketSession c =
        new SocketSession(ws, principal, new SocketRateLimit(SignalingServer.MESSAGES_PER_SECOND, SignalingServer.BURST, now), now);
    track(c);
    ws.textMessageHandler(text -> onText(c, text));
    ws.binaryMessageHandler(
        b -> c.error(null, new SignalError("bad_json", "Send text frames with one JSON object each.")));
    ws.pongHandler(b -> c.seen(clock.millis()));
    ws.exceptionHandler(e -> {});
    ws.closeHandler(
        v -> {
          c.markClosed();
          untrack(c);
          departures.depart(c, true).onComplete(x -> c.gone());
        });
  }

  private void track(SocketSession c) {
    if (sockets.add(c)) {
      open = sockets.size();
      deps.tally().socketOpened();
    }
    heartbeats.add(c);
  }

  private void untrack(SocketSession c) {
    if (sockets.remove(c)) {
      open = sockets.size();
      deps.tally().socketClosed();
    }
    heartbeats.remove(c);
  }

  private void onText(SocketSession c, String text) {
    long now = clock.millis();
    c.seen(now);
    if (c.closed()) {
      return;
    }
    if (SignalingServer.tooBig(text)) {
      c.markClosed();
      c.close(1009, "message too big");
      return;
    }
    if (!c.allow(now)) {
      c.markClosed();
      deps.metrics().rateLimited(RateLimits.SIGNALING);
      c.close(1008, "too many messages");
      return;
    }
    dispatcher.handle(c, text);
  }

  /** Pings this turn's sockets; one silent for too long is dropped (its peer detached, as for any closed socket). */
  private void heartbeat() {
    long now = clock.millis();
    for (SocketSession c : heartbeats.nextTurn()) {
      if (now - c.lastSeen() > SignalingServer.SILENCE_LIMIT_MS) {
        untrack(c);
        c.markClosed();
        departures.depart(c, true);
        c.close(1001, "no heartbeat");
      } else {
        c.ping();
      }
    }
  }
}
