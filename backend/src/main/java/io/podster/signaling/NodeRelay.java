package io.podster.signaling;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.EventBus;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Signals to peers on other endpoints (other nodes, or other event loops of this one), gathered
 * per endpoint and sent as one event-bus message at the end of the event-loop turn that relayed
 * them. One clustered message per signal cost each its own encoding, headers and socket write, and
 * made a cross-node signal cost 2.5-4 times a same-node one. The receiving endpoint hands each
 * frame to its socket; a peer that is no longer there (it resumed elsewhere) still gets it through
 * its own address, which follows it.
 */
final class NodeRelay {
  private final EventBus bus;
  private final Function<String, SocketSession> localPeer;
  private final TurnBatches<FrameBatch> outgoing;

  NodeRelay(Vertx vertx, Function<String, SocketSession> localPeer) {
    this.bus = vertx.eventBus();
    this.localPeer = localPeer;
    this.outgoing =
        new TurnBatches<>(
            vertx, () -> new FrameBatch(new ArrayList<>(), new ArrayList<>()), this::deliver);
  }

  /**
   * Sends a turn's batch to its endpoint. An endpoint can be gone before this node hears its node
   * left (a node stopping, its peers resuming elsewhere at once, a sender's cache still naming the
   * old endpoint): the bus then finds nobody there, and each frame goes to its peer's own address,
   * which follows the peer wherever it resumed.
   */
  private void deliver(String endpoint, FrameBatch batch) {
    bus.<FrameBatch>sender(Addresses.node(endpoint)).write(batch).onFailure(e -> toPeers(batch));
  }

  private void toPeers(FrameBatch batch) {
    for (int i = 0; i < batch.peerIds().size(); i++) {
      bus.send(Addresses.peer(batch.peerIds().get(i)), batch.frames().get(i));
    }
  }

  /** Queues {@code frame} for {@code peerId} on {@code nodeId}; sent when this turn ends. */
  void send(String nodeId, String peerId, String frame) {
    outgoing.add(
        nodeId,
        batch -> {
          batch.peerIds().add(peerId);
          batch.frames().add(frame);
        });
  }

  /** A batch from another node: each frame to its peer's socket here, or on to wherever it went. */
  void receive(FrameBatch batch) {
    List<String> peerIds = batch.peerIds();
    for (int i = 0; i < peerIds.size(); i++) {
      SocketSession c = localPeer.apply(peerIds.get(i));
      if (c != null && !c.closed()) {
        c.sendEncoded(batch.frames().get(i));
      } else {
        bus.send(Addresses.peer(peerIds.get(i)), batch.frames().get(i));
      }
    }
  }
}
