package io.podster.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: everything a request needs is
 * reachable (each named dependency is probed with a timeout), so a load balancer can route here.
 * A failing check is named and nothing more: exception messages (hosts, SQL, member counts) are
 * for the logs, not for whoever can reach the public listener.
 */
public final class HealthRoutes {
  private static final long PROBE_TIMEOUT_MS = 3000;
  /** Longer than our own timeout, so the library's (which reports its own message) never fires. */
  private static final long REGISTERED_TIMEOUT_MS = PROBE_TIMEOUT_MS + 2000;
  private final Vertx vertx;
  private final Map<String, Supplier<Future<?>>> dependencies;

  public HealthRoutes(Vertx vertx, Map<String, Supplier<Future<?>>> dependencies) {
    this.vertx = vertx;
    this.dependencies = dependencies;
  }

  public void mount(Router router) {
    router.get("/health/live").handler(HealthCheckHandler.create(vertx).register("process", p -> p.complete(Status.OK())));
    HealthChecks ready = HealthChecks.create(vertx);
    dependencies.forEach(
        (name, probe) ->
            ready.register(
                name,
                REGISTERED_TIMEOUT_MS,
                promise ->
                    Future.<Void>succeededFuture()
                        .<Void>compose(v -> probe.get().mapEmpty())
                        .timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                        .onComplete(ar -> promise.complete(ar.succeeded() ? Status.OK() : Status.KO()))));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
  }
}
