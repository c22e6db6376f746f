package io.podster.signaling.bench;

import io.vertx.core.Promise;
import io.vertx.core.http.WebSocket;
import java.util.concurrent.atomic.AtomicLong;

/** One client socket of the load generator, on either server. */
final class LoadPeer {
  final WebSocket ws;
  /** The id the server knows this socket by (Podster peer id, Socket.IO socket id). */
  volatile String id;
  /** Which of the generator's event loops owns this socket (see {@code Load}). */
  int loop;
  /** Relay partner: where this peer's signals go. */
  LoadPeer partner;
  final AtomicLong sent = new AtomicLong();
  /** This peer's messages that reached a receiver (relay: the partner; fan-out: each room mate). */
  final AtomicLong delivered = new AtomicLong();
  Promise<Void> pending;
  /** Fan-out: when this peer sent its n-th state (n modulo the ring), for receivers to time it. */
  private final java.util.concurrent.atomic.AtomicLongArray sentAt = new java.util.concurrent.atomic.AtomicLongArray(4096);
  /** Fan-out: how many states this peer has received from each room mate (touched on its own event loop only). */
  final java.util.Map<String, Long> receivedFrom = new java.util.HashMap<>();

  void markSent(long n, long nanos) {
    sentAt.set((int) (n % sentAt.length()), nanos);
  }

  /** When the n-th state left, or 0 if unknown. */
  long sentAt(long n) {
    return sentAt.get((int) (n % sentAt.length()));
  }

  LoadPeer(WebSocket ws) {
    this.ws = ws;
  }
}
