package io.podster.signaling;

import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

/**
 * What arrives on a peer's own address from any node: relayed signals, already encoded as the
 * frame to write (a {@code String}); and {@code takeover}, when the same peer resumed on a newer
 * socket before this one was noticed gone. (A kick reaches every node, see {@link Evictions}.)
 */
final class PeerInbox {
  /** Close code for a socket replaced by a resumed one (4000-4999: application-defined). */
  static final short REPLACED = 4001;
  private final Departures departures;

  PeerInbox(Departures departures) {
    this.departures = departures;
  }

  void receive(SocketSession c, Message<Object> msg) {
    if (msg.body() instanceof String frame) {
      c.sendEncoded(frame);
      return;
    }
    JsonObject message = (JsonObject) msg.body();
    if (MessageTypes.TAKEOVER.equals(message.getString("type"))) {
      departures.handOver(c);
      msg.reply(new JsonObject());
      c.close(REPLACED, "resumed on another connection");
      return;
    }
    c.send(message);
  }
}
