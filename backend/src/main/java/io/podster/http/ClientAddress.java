package io.podster.http;

import io.podster.net.AddressRange;
import io.vertx.core.Handler;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * The address a request came from, for per-address limits. Behind a load balancer the peer is the
 * proxy, so {@code X-Forwarded-For} is read, but only when the peer is a trusted proxy
 * ({@code PODSTER_TRUSTED_PROXIES}): the client is the right-most address not itself trusted.
 * Anyone else could write any address into that header.
 */
public final class ClientAddress implements Handler<RoutingContext> {
  private static final String KEY = "podster.clientAddress";
  private final List<AddressRange> trusted;

  public ClientAddress(List<String> trustedProxies) {
    this.trusted = trustedProxies.stream().map(AddressRange::parse).toList();
  }

  /** Resolves the client address once per request; {@link #of} then reads it. */
  @Override
  public void handle(RoutingContext ctx) {
    ctx.put(KEY, resolve(peer(ctx), ctx.request().headers().getAll("X-Forwarded-For")));
    ctx.next();
  }

  public static String of(RoutingContext ctx) {
    String resolved = ctx.get(KEY);
    return resolved != null ? resolved : peer(ctx);
  }

  private static String peer(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    return remote == null ? "unknown" : remote.hostAddress();
  }

  /** The client behind {@code peer}, given every {@code X-Forwarded-For} header in order. */
  String resolve(String peer, List<String> forwardedFor) {
    if (!trusted(peer) || forwardedFor.isEmpty()) {
      return peer;
    }
    String client = peer;
    List<String> hops = forwardedFor.stream().flatMap(h -> java.util.Arrays.stream(h.split(","))).map(String::trim).toList();
    for (int i = hops.size() - 1; i >= 0; i--) {
      String hop = hops.get(i);
      if (AddressRange.literal(hop) == null) {
        return client; // garbage in the header: stop at the last address we could vouch for
      }
      client = hop;
      if (!trusted(hop)) {
        return hop;
      }
    }
    return client;
  }

  private boolean trusted(String address) {
    for (AddressRange r : trusted) {
      if (r.contains(address)) {
        return true;
      }
    }
    return false;
  }
}
