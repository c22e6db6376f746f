package io.podster.http;

import io.podster.config.ConfigException;
import io.podster.config.PodsterConfig;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Consumer;

/**
 * The operators' listener ({@code PODSTER_ADMIN_HOST:PODSTER_ADMIN_PORT}, loopback by default):
 * {@code /metrics}, {@code /health/cluster} and the health checks again. Apart from the public
 * listener so that what it tells (member addresses, room counts, JVM details) never depends on a
 * proxy rule; with {@code PODSTER_METRICS_TOKEN} set, every request needs that bearer token.
 */
public final class AdminVerticle extends VerticleBase {
  private final PodsterConfig.Ops ops;
  private final Consumer<Router> routes;
  private HttpServer server;

  /** @param routes mounts the operator endpoints */
  public AdminVerticle(PodsterConfig.Ops ops, Consumer<Router> routes) {
    this.ops = ops;
    this.routes = routes;
  }

  @Override
  public Future<?> start() {
    Router router = Router.router(vertx);
    if (ops.metricsToken() != null) {
      router.route().handler(this::checkToken);
    }
    routes.accept(router);
    router.route().failureHandler(new ErrorResponses());
    return vertx
        .createHttpServer(new HttpServerOptions().setHost(ops.adminHost()).setPort(ops.adminPort()))
        .requestHandler(router)
        .listen()
        .recover(
            e ->
                Future.failedFuture(
                    HttpVerticle.portInUse(e)
                        ? new ConfigException(
                            "PODSTER_ADMIN_PORT",
                            "port " + ops.adminPort() + " on " + ops.adminHost() + " is already in use")
                        : e))
        .onSuccess(s -> server = s);
  }

  private void checkToken(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String given = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
    if (MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), ops.metricsToken().getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
    } else {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"podster-admin\"");
      ctx.fail(ApiError.unauthenticated());
    }
  }

  public int port() {
    return server.actualPort();
  }
}
