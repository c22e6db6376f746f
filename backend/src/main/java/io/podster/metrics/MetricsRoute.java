package io.podster.metrics;

import io.podster.http.ApiError;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * {@code GET /metrics} in Prometheus text. With {@code PODSTER_METRICS_TOKEN} set, it and the
 * other operator endpoints given to {@link #protect} need {@code Authorization: Bearer <token>}.
 */
public final class MetricsRoute {
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final PrometheusMetrics metrics;
  private final String token;

  /** @param token the bearer token operators scrape with, or null for none */
  public MetricsRoute(PrometheusMetrics metrics, String token) {
    this.metrics = metrics;
    this.token = token;
  }

  public void mount(Router router) {
    protect(router, "/metrics");
    router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(metrics.scrape()));
  }

  /** Requires the bearer token on {@code path} (when one is configured). */
  public void protect(Router router, String path) {
    if (token != null) {
      router.get(path).handler(this::checkToken);
    }
  }

  private void checkToken(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    String given = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : "";
    if (MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
      ctx.next();
    } else {
      ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"podster-metrics\"");
      ctx.fail(ApiError.unauthenticated());
    }
  }
}
