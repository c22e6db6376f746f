package io.podster.signaling;

import io.podster.metrics.PodsterMetrics;
import io.vertx.core.eventbus.EventBus;

/**
 * Measures how long signaling messages take between nodes: every message to a peer or room address
 * leaves stamped with its node and wall-clock time; one arriving from another node is timed.
 * Nodes' clocks must be in step (NTP) for the figure to mean anything across machines.
 */
final class RelayLatency {
  static final String SENT_AT = "podster-sent-at";
  static final String FROM_NODE = "podster-node";

  private RelayLatency() {}

  static void install(EventBus bus, String nodeId, PodsterMetrics metrics) {
    bus.addOutboundInterceptor(
        ctx -> {
          if (relayed(ctx.message().address())) {
            ctx.message().headers().set(SENT_AT, Long.toString(System.currentTimeMillis())).set(FROM_NODE, nodeId);
          }
          ctx.next();
        });
    bus.addInboundInterceptor(
        ctx -> {
          String sentAt = ctx.message().headers().get(SENT_AT);
          String from = ctx.message().headers().get(FROM_NODE);
          if (sentAt != null && from != null && !from.equals(nodeId) && relayed(ctx.message().address())) {
            try {
              metrics.crossNodeLatency(System.currentTimeMillis() - Long.parseLong(sentAt));
            } catch (NumberFormatException ignored) {
              // not one of ours
            }
          }
          ctx.next();
        });
  }

  private static boolean relayed(String address) {
    return address != null && (address.startsWith("podster.peer.") || address.startsWith("podster.room."));
  }
}
