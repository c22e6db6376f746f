package io.podster.signaling;

import io.vertx.core.json.JsonObject;

/**
 * What arrives on a peer's own address from any node: relayed signals, and {@code kicked}, after
 * which the socket is closed (the kicking node already told the room).
 */
final class PeerInbox {
  private final Departures departures;

  PeerInbox(Departures departures) {
    this.departures = departures;
  }

  void receive(Connection c, JsonObject message) {
    if (MessageTypes.KICKED.equals(message.getString("type"))) {
      c.send(message);
      departures.depart(c, false).onComplete(x -> c.close(1000, "kicked"));
      return;
    }
    c.send(message);
  }
}
