package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TurnBatchesTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a turn's messages leave as one batch per destination, in order, when the turn ends; the next turn starts new batches")
  void onePerDestinationPerTurn() throws Exception {
    List<String> sent = new ArrayList<>();
    Promise<Void> twoTurns = Promise.promise();
    var context = vertx.getOrCreateContext();
    TurnBatches<List<Integer>> batches =
        new TurnBatches<>(
            vertx,
            ArrayList::new,
            (destination, batch) -> {
              sent.add(destination + "=" + batch);
              if (destination.equals("late")) {
                twoTurns.tryComplete();
              }
            });
    context.runOnContext(
        v -> {
          for (int i = 0; i < 5; i++) {
            int n = i;
            batches.add(i % 2 == 0 ? "even" : "odd", b -> b.add(n));
          }
          // Nothing leaves while the turn goes on.
          assertEquals(List.of(), sent);
          context.runOnContext(w -> batches.add("late", b -> b.add(9)));
        });
    twoTurns.future().await(10, TimeUnit.SECONDS);
    assertEquals(List.of("even=[0, 2, 4]", "odd=[1, 3]", "late=[9]"), sent);
  }

  @Test
  @DisplayName("messages added from another thread are sent too, none lost or repeated")
  void fromOtherThreads() throws Exception {
    Map<String, List<Integer>> received = new ConcurrentHashMap<>();
    TurnBatches<List<Integer>> batches =
        new TurnBatches<>(
            vertx, ArrayList::new, (d, batch) -> received.computeIfAbsent(d, k -> new CopyOnWriteArrayList<>()).addAll(batch));
    Thread[] threads = new Thread[4];
    for (int t = 0; t < threads.length; t++) {
      int base = t * 1000;
      threads[t] = new Thread(() -> {
        for (int i = 0; i < 1000; i++) {
          int n = base + i;
          batches.add("d" + (n % 3), b -> b.add(n));
        }
      });
      threads[t].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    long deadline = System.currentTimeMillis() + 10_000;
    while (received.values().stream().mapToInt(List::size).sum() < 4000 && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    List<Integer> all = new ArrayList<>();
    received.values().forEach(all::addAll);
    all.sort(null);
    List<Integer> expected = new ArrayList<>();
    for (int i = 0; i < 4000; i++) {
      expected.add(i);
    }
    assertEquals(expected, all);
  }
}
