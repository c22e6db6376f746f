package io.podster.signaling;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Signals to peers on other nodes, gathered per node and sent as one event-bus message at the end
 * of the event-loop turn that relayed them. One clustered message per signal cost each its own
 * encoding, headers and socket write, and made a cross-node signal cost 2.5-4 times a same-node
 * one. The receiving node hands each frame to its socket; a peer that is no longer there (it
 * resumed elsewhere) still gets it through its own address, which follows it.
 */
final class NodeRelay {
  private final Vertx vertx;
  private final EventBus bus;
  private final Function<String, Connection> localPeer;
  private Map<String, FrameBatch> pending = new HashMap<>();

  NodeRelay(Vertx vertx, Function<String, Connection> localPeer) {
    this.vertx = vertx;
    this.bus = vertx.eventBus();
    this.localPeer = localPeer;
  }

  /** Queues {@code frame} for {@code peerId} on {@code nodeId}; sent when this turn ends. */
  synchronized void send(String nodeId, String peerId, String frame) {
    if (pending.isEmpty()) {
      vertx.getOrCreateContext().runOnContext(v -> flush());
    }
    FrameBatch batch = pending.computeIfAbsent(nodeId, k -> new FrameBatch(new ArrayList<>(), new ArrayList<>()));
    batch.peerIds().add(peerId);
    batch.frames().add(frame);
  }

  private void flush() {
    Map<String, FrameBatch> due;
    synchronized (this) {
      due = pending;
      pending = new HashMap<>();
    }
    due.forEach((node, batch) -> bus.send(Addresses.node(node), batch));
  }

  /** A batch from another node: each frame to its peer's socket here, or on to wherever it went. */
  void receive(FrameBatch batch) {
    List<String> peerIds = batch.peerIds();
    for (int i = 0; i < peerIds.size(); i++) {
      Connection c = localPeer.apply(peerIds.get(i));
      if (c != null && !c.closed) {
        c.sendEncoded(batch.frames().get(i));
      } else {
        bus.send(Addresses.peer(peerIds.get(i)), batch.frames().get(i));
      }
    }
  }
}
