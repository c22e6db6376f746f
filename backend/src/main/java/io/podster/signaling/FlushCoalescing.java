package io.podster.signaling;

import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;

/**
 * Lets a signaling socket's writes in one event-loop turn leave in one system call.
 *
 * <p>Vert.x flushes every write to a socket other than the one being read, so a room broadcast
 * costs one {@code write(2)} per receiver per message, and a receiver hearing seven peers in the
 * same turn pays seven. Netty's {@link FlushConsolidationHandler} defers such flushes to a task at
 * the end of the turn (one per socket), and leaves flushes during that socket's own read to the
 * read's end, as Vert.x already does. The cost is one event-loop task of delay, well under a
 * millisecond. Reaches into Vert.x's connection class for the Netty pipeline, which Vert.x has no
 * public option for.
 */
final class FlushCoalescing {
  /** Flush anyway after this many deferred flushes, so a long turn cannot hold a socket's frames. */
  static final int FLUSH_AT_LEAST_EVERY = 64;
  static final String HANDLER_NAME = "podster-flush-coalescing";

  private FlushCoalescing() {}

  /** Call on the connection's event loop, before the WebSocket upgrade. */
  static void install(HttpConnection connection) {
    if (connection instanceof ConnectionBase base) {
      var pipeline = base.channel().pipeline();
      if (pipeline.get(HANDLER_NAME) == null) {
        pipeline.addFirst(HANDLER_NAME, new FlushConsolidationHandler(FLUSH_AT_LEAST_EVERY, true));
      }
    }
  }
}
