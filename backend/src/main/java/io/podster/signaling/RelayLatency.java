package io.podster.signaling;

import io.podster.metrics.PodsterMetrics;
import io.vertx.core.eventbus.EventBus;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Measures how long signaling messages take between nodes: a message to a peer or room address
 * leaves stamped with its node and wall-clock time, at most one a millisecond per node; one arriving
 * from another node is timed. Stamping every message cost each one two headers to encode and
 * decode (about 8 % of a node's allocation under load); a thousand samples a second still fill the
 * histogram. Nodes' clocks must be in step (NTP) for the figure to mean anything across machines.
 */
final class RelayLatency {
  static final String SENT_AT = "podster-sent-at";
  static final String FROM_NODE = "podster-node";

  private RelayLatency() {}

  static void install(EventBus bus, String nodeId, PodsterMetrics metrics) {
    AtomicLong lastStamp = new AtomicLong();
    bus.addOutboundInterceptor(
        ctx -> {
          if (Addresses.relayed(ctx.message().address())) {
            long now = System.currentTimeMillis();
            long last = lastStamp.get();
            if (now != last && lastStamp.compareAndSet(last, now)) {
              ctx.message().headers().set(SENT_AT, Long.toString(now)).set(FROM_NODE, nodeId);
            }
          }
          ctx.next();
        });
    bus.addInboundInterceptor(
        ctx -> {
          String sentAt = ctx.message().headers().get(SENT_AT);
          String from = ctx.message().headers().get(FROM_NODE);
          if (sentAt != null && from != null && !from.equals(nodeId) && Addresses.relayed(ctx.message().address())) {
            try {
              metrics.crossNodeLatency(System.currentTimeMillis() - Long.parseLong(sentAt));
            } catch (NumberFormatException ignored) {
              // not one of ours
            }
          }
          ctx.next();
        });
  }
}
