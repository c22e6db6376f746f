package io.podster.metrics;

import io.vertx.ext.web.Router;

/**
 * {@code GET /metrics} in Prometheus text; mounted on the admin listener only (which checks the
 * bearer token, see {@link io.podster.http.AdminVerticle}).
 */
public final class MetricsRoute {
  private static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final PrometheusMetrics metrics;

  public MetricsRoute(PrometheusMetrics metrics) {
    this.metrics = metrics;
  }

  public void mount(Router router) {
    router.get("/metrics").handler(ctx -> ctx.response().putHeader("Content-Type", CONTENT_TYPE).end(metrics.scrape()));
  }
}
