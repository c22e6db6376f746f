package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.metrics.PodsterMetrics;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RelayLatencyTest {
  @Test
  void stampsAtMostOneRelayedMessageAMillisecondAndTimesThoseFromOtherNodes() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      List<Long> timed = new ArrayList<>();
      PodsterMetrics metrics =
          new PodsterMetrics() {
            @Override
            public synchronized void crossNodeLatency(long millis) {
              timed.add(millis);
            }
          };
      RelayLatency.install(vertx.eventBus(), "this-node", metrics);
      int count = 2000;
      AtomicInteger stamped = new AtomicInteger();
      AtomicInteger unstamped = new AtomicInteger();
      CountDownLatch all = new CountDownLatch(count + 1);
      vertx
          .eventBus()
          .<String>consumer(
              Addresses.peer("p1"),
              m -> {
                (m.headers().contains(RelayLatency.SENT_AT) ? stamped : unstamped).incrementAndGet();
                all.countDown();
              })
          .completion()
          .await(5, TimeUnit.SECONDS);
      vertx.eventBus().<String>consumer("podster.other", m -> all.countDown());
      long t0 = System.currentTimeMillis();
      for (int i = 0; i < count; i++) {
        vertx.eventBus().send(Addresses.peer("p1"), "frame " + i);
      }
      // Not a relayed address: never stamped.
      vertx.eventBus().send("podster.other", "x");
      assertTrue(all.await(10, TimeUnit.SECONDS));
      long elapsedMs = System.currentTimeMillis() - t0;
      assertTrue(stamped.get() >= 1, "the first is stamped");
      assertTrue(stamped.get() <= elapsedMs + 2, stamped + " stamped in " + elapsedMs + " ms");
      assertEquals(count, stamped.get() + unstamped.get());
      // This node's own stamps are not timed: only another node's are.
      assertEquals(List.of(), timed);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
