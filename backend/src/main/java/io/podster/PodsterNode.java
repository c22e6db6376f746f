package io.podster;

import io.podster.auth.AuthModule;
import io.podster.auth.SessionPurge;
import io.podster.cluster.ClusterBootstrap;
import io.podster.cluster.ClusterHealthRoute;
import io.podster.cluster.ClusterView;
import io.podster.config.DataDirectory;
import io.podster.config.PodsterConfig;
import io.podster.config.SecretFiles;
import io.podster.db.Database;
import io.podster.db.Migrations;
import io.podster.http.AdminVerticle;
import io.podster.http.HealthRoutes;
import io.podster.http.HttpVerticle;
import io.podster.metrics.MetricsRoute;
import io.podster.metrics.PrometheusMetrics;
import io.podster.recording.RecordingsApi;
import io.podster.recording.Takes;
import io.podster.recording.TakeEditsApi;
import io.podster.recording.TakesApi;
import io.podster.recording.UploadCoordinator;
import io.podster.recording.UploadJanitor;
import io.podster.rooms.RoomAccess;
import io.podster.rooms.RoomRepository;
import io.podster.rooms.RoomsApi;
import io.podster.signaling.ClientMessageType;
import io.podster.signaling.SignalingServer;
import io.podster.storage.EmbeddedObjectStore;
import io.podster.storage.ObjectStore;
import io.podster.storage.StoreCredentials;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running Podster node: resolves secrets, starts the embedded store if no external one is
 * configured, migrates the database, and deploys the verticles. Tests start it in-process.
 */
public final class PodsterNode {
  private static final Logger log = LoggerFactory.getLogger(PodsterNode.class);
  private static final java.time.Duration JANITOR_PERIOD = java.time.Duration.ofMinutes(15);
  private static final java.time.Duration SESSION_PURGE_PERIOD = java.time.Duration.ofHours(1);
  private final Vertx vertx;
  private static final long DRAIN_MILLIS = 3000;
  private final ClusterView cluster;
  private final PrometheusMetrics metrics;
  private SignalingServer signaling;
  /** One instance per signaling loop, sharing the port: Vert.x hands each connection to the next. */
  private final List<HttpVerticle> http = new ArrayList<>();
  private AdminVerticle admin;
  private final List<AutoCloseable> resources = new ArrayList<>();
  private PodsterConfig config;
  private Pool pool;
  private int httpPort;

  private PodsterNode(ClusterView cluster, PrometheusMetrics metrics) {
    this.cluster = cluster;
    this.vertx = cluster.vertx();
    this.metrics = metrics;
    resources.add(metrics);
  }

  public static Future<PodsterNode> start(PodsterConfig config) {
    PrometheusMetrics metrics = new PrometheusMetrics(ClientMessageType.wireNames());
    return ClusterBootstrap.start(config.cluster(), config.jwtSecret(), metrics.registry())
        .onFailure(e -> metrics.close())
        .compose(
            cluster -> {
              PodsterNode node = new PodsterNode(cluster, metrics);
              return node.boot(config)
                  .map(node)
                  .recover(
                      e -> {
                        // Not chained on vertx.close(): its callbacks would run on the event loop
                        // being closed and never arrive, leaving the caller waiting forever.
                        node.closeResources();
                        node.vertx.close();
                        return Future.failedFuture(e);
                      });
            });
  }

  private Future<Void> boot(PodsterConfig initial) {
    Clock clock = Clock.systemUTC();
    return vertx
        .executeBlocking(() -> prepare(initial), false)
        .compose(
            ready -> {
              config = ready;
              Database database = Database.open(vertx, config.database());
              resources.add(database);
              pool = database.pool();
              ObjectStore store = ObjectStore.create(vertx, config.storage());
              resources.add(store);
              return store.ensureBucket().map(store);
            })
        .compose(store -> deployHttp(store, clock))
        .onSuccess(
            v ->
                log.atInfo()
                    .addKeyValue("http", config.http().host() + ":" + httpPort)
                    .addKeyValue("eventLoops", http.size())
                    .addKeyValue("admin", config.ops().adminHost() + ":" + admin.port())
                    .addKeyValue("store", config.storage().effectiveEndpoint())
                    .addKeyValue("database", config.database().postgres() ? "postgresql" : "h2")
                    .log("node started"));
  }

  /** The blocking part of start-up: secrets, embedded store, schema. */
  private PodsterConfig prepare(PodsterConfig c) {
    DataDirectory.secure(c.dataDir());
    String jwt =
        c.jwtSecret() != null
            ? c.jwtSecret()
            : SecretFiles.readOrCreate(c.dataDir().resolve("secrets").resolve("jwt.key"), PodsterNode::newSecret);
    PodsterConfig resolved =
        c.withJwtSecret(jwt).withStorage(StoreCredentials.resolve(c.storage(), c.dataDir()));
    if (resolved.storage().embedded()) {
      resources.add(
          EmbeddedObjectStore.start(resolved.storage(), resolved.dataDir(), List.of(resolved.http().origin())));
    }
    Migrations.run(resolved.database());
    DataDirectory.secure(resolved.dataDir()); // what the store and H2 just created
    return resolved;
  }

  private Future<Void> deployHttp(ObjectStore store, Clock clock) {
    AuthModule auth = new AuthModule(vertx, config, pool, clock, metrics);
    RoomRepository roomRepository = new RoomRepository(pool);
    RoomAccess roomAccess = new RoomAccess(roomRepository);
    Takes takes = new Takes(pool, clock);
    UploadCoordinator uploads = UploadCoordinator.create(
        vertx, pool, store, roomAccess, takes, clock, metrics, UploadCoordinator.Settings.of(config.quotaBytes()));
    RecordingsApi recordings = new RecordingsApi(uploads, auth.guard());
    TakesApi takesApi = new TakesApi(takes, pool, roomAccess, auth.guard(), clock);
    TakeEditsApi takeEdits = new TakeEditsApi(takes, uploads, roomAccess, auth.guard());
    RoomsApi rooms =
        new RoomsApi(
            roomRepository,
            roomAccess,
            auth.users(),
            auth.guard(),
            auth.limits(),
            auth.issuer(),
            clock);
    signaling =
        new SignalingServer(
            cluster,
            config,
            auth.guard(),
            auth.revocations(),
            new RoomAccess(roomRepository),
            roomRepository,
            auth.users(),
            new Takes(pool, clock),
            clock,
            metrics);
    ClusterHealthRoute clusterHealth =
        new ClusterHealthRoute(
            cluster, signaling::rooms, signaling::localRooms, signaling::sockets, configuredMembers(config));
    MetricsRoute metricsRoute = new MetricsRoute(metrics);
    Map<String, Supplier<Future<?>>> ready = new LinkedHashMap<>();
    ready.put("database", () -> pool.query("SELECT 1").execute());
    ready.put("object-store", store::ping);
    // Membership, not a quorum: a lone survivor of two nodes still serves (signaling needs no majority).
    ready.put("cluster", () -> cluster.isMember() ? Future.succeededFuture() : Future.failedFuture("not a member"));
    HealthRoutes health = new HealthRoutes(vertx, ready);
    for (int i = 0; i < signaling.loopCount(); i++) {
      int loop = i;
      http.add(
          new HttpVerticle(
              config,
              api -> {
                auth.api().mount(api);
                rooms.mount(api);
                recordings.mount(api);
                takesApi.mount(api);
                takeEdits.mount(api);
              },
              router -> signaling.mount(loop, router),
              health));
    }
    admin =
        new AdminVerticle(
            config.ops(),
            router -> {
              metricsRoute.mount(router);
              clusterHealth.mount(router);
              health.mount(router);
            });
    UploadJanitor janitor = UploadJanitor.create(vertx, pool, store, clock, config.uploadIdleAge());
    janitor.schedule(JANITOR_PERIOD);
    new SessionPurge(vertx, pool, clock).schedule(SESSION_PURGE_PERIOD);
    return deployListeners()
        .onSuccess(id -> httpPort = http.get(0).port())
        .compose(id -> vertx.deployVerticle(admin))
        .mapEmpty();
  }

  /**
   * The HTTP verticle's instances in one deployment, each on an event loop of its own (Vert.x
   * gives each instance its own context); they start together, and a port in use fails them all.
   */
  private Future<String> deployListeners() {
    java.util.Iterator<HttpVerticle> each = http.iterator();
    return vertx.deployVerticle(each::next, new io.vertx.core.DeploymentOptions().setInstances(http.size()));
  }

  /** The configured cluster with this node in it, as /health/cluster reports it. */
  private static int configuredMembers(PodsterConfig c) {
    java.util.Set<String> all = new java.util.HashSet<>(c.cluster().members());
    all.add(c.cluster().host() + ":" + c.cluster().port());
    return all.size();
  }

  private static String newSecret() {
    byte[] bytes = new byte[48];
    new SecureRandom().nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  public int httpPort() {
    return httpPort;
  }

  /** The admin listener's port (operators' endpoints). */
  public int adminPort() {
    return admin.port();
  }

  public PodsterConfig config() {
    return config;
  }

  public Vertx vertx() {
    return vertx;
  }

  public ClusterView cluster() {
    return cluster;
  }

  /** This node's signaling (null until it started), for tests that look at its loops. */
  public SignalingServer signaling() {
    return signaling;
  }

  /**
   * Graceful stop: closes signaling sockets with 1012 (clients resume on another node), stops
   * accepting connections and lets requests in flight finish (at most {@value #DRAIN_MILLIS} ms),
   * then closes Vert.x, which leaves the cluster.
   */
  public Future<Void> stop() {
    Future<Void> sockets = signaling == null ? Future.succeededFuture() : signaling.shutdown();
    return sockets
        .eventually(() -> Future.join(http.stream().map(h -> h.drain(DRAIN_MILLIS)).toList()))
        .eventually(vertx::close)
        .eventually(
            () -> {
              closeResources();
              return Future.succeededFuture();
            });
  }

  /** In reverse order of opening: the client before the store it talks to. */
  private void closeResources() {
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        log.atWarn().addKeyValue("resource", resources.get(i).getClass().getSimpleName()).setCause(e).log("close failed");
      }
    }
    resources.clear();
  }
}
