package io.podster.http;

import io.netty.channel.unix.Errors.NativeIoException;
import io.podster.config.ConfigException;
import io.podster.config.PodsterConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.net.BindException;
import java.util.function.Consumer;

/** The node's HTTP listener: API, health, and the SPA, behind security headers. */
public final class HttpVerticle extends VerticleBase {
  private static final int MAX_WEBSOCKET_BYTES = 1024 * 1024;
  private static final int LINUX_EADDRINUSE = 98;
  private final PodsterConfig config;
  private final Consumer<Router> apiRoutes;
  private final Consumer<Router> extraRoutes;
  private final HealthRoutes health;
  private HttpServer server;

  /**
   * @param apiRoutes mounts each capability's endpoints on the router served at {@code /api}
   * @param extraRoutes mounts anything served outside {@code /api} (e.g. the WebSocket)
   */
  public HttpVerticle(
      PodsterConfig config, Consumer<Router> apiRoutes, Consumer<Router> extraRoutes, HealthRoutes health) {
    this.config = config;
    this.apiRoutes = apiRoutes;
    this.extraRoutes = extraRoutes;
    this.health = health;
  }

  @Override
  public Future<?> start() {
    return vertx
        .fileSystem()
        .readFile("webroot/index.html")
        .compose(
            index -> {
              Router router = Router.router(vertx);
              router.route().handler(new SecurityHeaders(config));
              router.route().handler(new ClientAddress(config.ops().trustedProxies()));
              router.route().handler(new OperatorPaths());
              health.mount(router);
              extraRoutes.accept(router);
              router.route("/api/*").subRouter(api());
              new SpaRoutes(index).mount(router);
              router.route().failureHandler(new ErrorResponses());
              return vertx
                  .createHttpServer(
                      new HttpServerOptions()
                          .setHost(config.http().host())
                          .setPort(sharedPort())
                          // Signaling closes messages over 64 KiB itself, with 1009.
                          .setMaxWebSocketFrameSize(MAX_WEBSOCKET_BYTES)
                          .setMaxWebSocketMessageSize(MAX_WEBSOCKET_BYTES)
                          // No deflate on /ws (Vert.x offers it by default): inflating is unbounded
                          // work on the event loop all sockets share (one 0.5 MB frame held it for
                          // seconds), and zlib on every small signal costs more than it saves.
                          // Without an extension, Netty refuses any frame with RSV1 set.
                          .setPerMessageWebSocketCompressionSupported(false)
                          .setPerFrameWebSocketCompressionSupported(false))
                  .requestHandler(router)
                  .listen()
                  .recover(this::explainBindFailure);
            })
        .onSuccess(s -> server = s);
  }

  /**
   * The configured port; for port 0 (any free one: tests, benchmarks), -1. The node runs one
   * instance per event loop, and Vert.x shares a listening port between them, but binds each
   * instance asking for port 0 to a port of its own; a negative port is a free one that every
   * server of this Vert.x asking for the same negative port shares.
   */
  private int sharedPort() {
    return config.http().port() == 0 ? -1 : config.http().port();
  }

  private Router api() {
    Router api = Router.router(vertx);
    // Before the body is read: a refused request's body is never buffered.
    api.route().handler(new CrossSiteGuard(config.http().origin()));
    BodyLimits.mount(api);
    apiRoutes.accept(api);
    api.route().handler(ctx -> ctx.fail(ApiError.notFound("That API endpoint")));
    api.route().failureHandler(new ErrorResponses());
    return api;
  }

  private Future<HttpServer> explainBindFailure(Throwable e) {
    if (portInUse(e)) {
      return Future.failedFuture(
          new ConfigException(
              "PODSTER_HTTP_PORT",
              "port " + config.http().port() + " on " + config.http().host() + " is already in use"));
    }
    return Future.failedFuture(e);
  }

  /**
   * NIO reports a taken port as {@code BindException}; the native epoll transport as its own
   * exception carrying the errno (EADDRINUSE, 98 on Linux, the only system epoll runs on). The
   * errno, not the message: the JVM sets the process locale, so strerror's text may be translated.
   */
  static boolean portInUse(Throwable e) {
    return e instanceof BindException || (e instanceof NativeIoException n && n.expectedErr() == -LINUX_EADDRINUSE);
  }

  /**
   * Stops accepting connections and lets requests in flight finish, for at most {@code millis};
   * call after the signaling sockets are closed (they would otherwise count as in flight).
   */
  public Future<Void> drain(long millis) {
    return server == null ? Future.succeededFuture() : server.shutdown(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  public int port() {
    return server.actualPort();
  }
}
