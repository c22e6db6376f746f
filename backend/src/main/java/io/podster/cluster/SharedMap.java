package io.podster.cluster;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;

/**
 * A cluster-wide {@link AsyncMap} whose operations complete on the context that calls them.
 *
 * <p>Keeping the future that {@code getAsyncMap} returns would not: a Vert.x future completed on
 * one context runs every later continuation on that context. Objects built during start-up would
 * then run their callers' continuations on the start-up event loop, not the socket's, so state
 * owned by the socket's loop was touched from two threads and messages sent from both could pass
 * each other.
 */
public final class SharedMap<K, V> {
  private final Vertx vertx;
  private final String name;
  private volatile AsyncMap<K, V> resolved;

  public SharedMap(Vertx vertx, String name) {
    this.vertx = vertx;
    this.name = name;
  }

  /** The map, as a future bound to no context: what is composed on it runs on the caller's. */
  public Future<AsyncMap<K, V>> map() {
    AsyncMap<K, V> m = resolved;
    if (m != null) {
      return Future.succeededFuture(m);
    }
    return vertx.sharedData().<K, V>getAsyncMap(name).onSuccess(x -> resolved = x);
  }
}
