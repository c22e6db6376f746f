package io.podster.signaling.bench;

import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import java.util.concurrent.atomic.AtomicLong;

/** One client socket of the load generator, on either server. */
final class LoadPeer {
  final WebSocket ws;
  /** The id the server knows this socket by (Podster peer id, Socket.IO socket id). */
  volatile String id;
  /** Relay partner: where this peer's signals go. */
  LoadPeer partner;
  final AtomicLong sent = new AtomicLong();
  /** This peer's messages that reached a receiver (relay: the partner; fan-out: each room mate). */
  final AtomicLong delivered = new AtomicLong();
  Promise<Void> pending;

  LoadPeer(WebSocket ws) {
    this.ws = ws;
  }
}
