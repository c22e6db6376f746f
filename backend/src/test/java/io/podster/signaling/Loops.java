package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * Where a test's sockets landed among a node's signaling loops. Vert.x hands each new connection
 * to the next loop, but HTTP requests take turns too, so a test connects until a socket lands
 * where it wants one, seen by which loop's count of open sockets went up.
 */
final class Loops {
  private static final int ATTEMPTS = 30;

  private Loops() {}

  record Landed(WsPeer peer, int loop) {}

  static List<SignalingLoop> of(TestNode n) {
    return n.node().signaling().loops();
  }

  /** A socket of {@code b}'s on a loop {@code wanted} accepts; the others it opened on the way are closed. */
  static Landed connectOn(Vertx clients, TestNode n, Browser b, IntPredicate wanted) {
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int[] before = counts(n);
      WsPeer p = WsPeer.connect(clients, n.node().httpPort(), b);
      int loop = awaitNewSocket(n, before);
      if (wanted.test(loop)) {
        return new Landed(p, loop);
      }
      p.close();
      awaitTotal(n, sum(before));
    }
    return fail("no socket landed on a wanted loop in " + ATTEMPTS + " attempts");
  }

  /** A socket on a loop none of {@code others} is on. */
  static Landed connectAvoiding(Vertx clients, TestNode n, Browser b, Landed... others) {
    return connectOn(clients, n, b, loop -> java.util.Arrays.stream(others).noneMatch(o -> o.loop() == loop));
  }

  /**
   * The relay endpoint the directory names for the peer, checked to be its loop's: what the rest
   * of the cluster uses to reach it.
   */
  static String assertEndpoint(TestNode n, Landed l) throws Exception {
    JsonObject stored =
        n.node().vertx().sharedData().<String, JsonObject>getAsyncMap(Addresses.PEERS_MAP)
            .compose(m -> m.get(l.peer().peerId))
            .await(10, TimeUnit.SECONDS);
    String endpoint = stored.getString("nodeId");
    assertEquals(of(n).get(l.loop()).endpoint(), endpoint, stored.encode());
    assertEquals(Endpoints.of(n.node().cluster().nodeId(), l.loop()), endpoint);
    return endpoint;
  }

  /** The peers' loops run on different threads: the test really spans event loops. */
  static void assertDistinctThreads(TestNode n, Landed... landed) {
    for (int i = 0; i < landed.length; i++) {
      for (int j = i + 1; j < landed.length; j++) {
        Thread a = of(n).get(landed[i].loop()).thread();
        Thread b = of(n).get(landed[j].loop()).thread();
        assertNotEquals(a, b, "loops " + landed[i].loop() + " and " + landed[j].loop() + " share " + a.getName());
      }
    }
  }

  static int[] counts(TestNode n) {
    return of(n).stream().mapToInt(SignalingLoop::socketCount).toArray();
  }

  private static int sum(int[] counts) {
    return java.util.Arrays.stream(counts).sum();
  }

  private static int awaitNewSocket(TestNode n, int[] before) {
    long deadline = System.currentTimeMillis() + 5000;
    while (System.currentTimeMillis() < deadline) {
      int[] now = counts(n);
      for (int i = 0; i < now.length; i++) {
        if (now[i] > before[i]) {
          return i;
        }
      }
      sleep();
    }
    return fail("the new socket was counted on no loop");
  }

  static void awaitTotal(TestNode n, int total) {
    long deadline = System.currentTimeMillis() + 5000;
    while (sum(counts(n)) != total) {
      if (System.currentTimeMillis() > deadline) {
        fail("the loops hold " + sum(counts(n)) + " sockets, not " + total);
      }
      sleep();
    }
  }

  private static void sleep() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }
}
