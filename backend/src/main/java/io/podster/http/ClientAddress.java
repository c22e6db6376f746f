package io.podster.http;

import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;

/** The address a request came from, for per-address limits. */
public final class ClientAddress {
  private ClientAddress() {}

  public static String of(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null ? "unknown" : remote.hostAddress();
  }
}
