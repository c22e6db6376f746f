package io.podster.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code /health/live}: the process answers. {@code /health/ready}: everything a request needs is
 * reachable (each named dependency is probed with a timeout), so a load balancer can route here.
 */
public final class HealthRoutes {
  private static final long PROBE_TIMEOUT_MS = 3000;
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
                PROBE_TIMEOUT_MS,
                promise ->
                    probe
                        .get()
                        .onSuccess(v -> promise.complete(Status.OK()))
                        .onFailure(
                            e ->
                                promise.complete(
                                    Status.KO(new JsonObject().put("error", String.valueOf(e.getMessage())))))));
    router.get("/health/ready").handler(HealthCheckHandler.createWithHealthChecks(ready));
  }
}
