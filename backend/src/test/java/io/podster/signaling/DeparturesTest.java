package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Grace periods of detached peers: timed where they detached, taken over when their node leaves. */
class DeparturesTest {
  private static final Duration GRACE = Duration.ofSeconds(30);
  private static final long NOW = 1_800_000_000_000L;
  private final Vertx vertx = Vertx.vertx();
  private final io.podster.cluster.ClusterSecret secret = new io.podster.cluster.ClusterSecret("departures-test-secret-0123456789-abcdef");
  private final PeerDirectory directory = new PeerDirectory(vertx, secret);
  private final List<Map.Entry<Long, Runnable>> timers = new ArrayList<>();
  private final BlockingQueue<String> left = new LinkedBlockingQueue<>();
  private Departures departures;

  @BeforeEach
  void setUp() throws Exception {
    vertx.eventBus().registerDefaultCodec(RoomBroadcasts.class, new RoomBroadcastCodec());
    vertx
        .eventBus()
        .<RoomBroadcasts>consumer(
            Addresses.room("r"),
            m -> m.body().items().forEach(b -> left.add(b.leftPeerId() == null ? "not peer-left: " + b.text() : b.leftPeerId())))
        .completion()
        .await(10, TimeUnit.SECONDS);
    Clock clock = Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC);
    departures =
        new Departures(
            directory,
            new RoomFanout(vertx, new NodeTally()),
            new ResumeTokens(vertx, secret),
            GRACE,
            clock,
            (ms, task) -> timers.add(Map.entry(ms, task)));
  }

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("a detached peer is announced left when its grace runs out, unless it came back meanwhile")
  void graceTimer() throws Exception {
    Peer gone = detached("gone", "node-a", NOW);
    Peer back = detached("back", "node-a", NOW);
    departures.expireAfterGrace(gone.toStored());
    departures.expireAfterGrace(back.toStored());
    assertEquals(List.of(GRACE.toMillis(), GRACE.toMillis()), timers.stream().map(Map.Entry::getKey).toList());
    directory.put(back.attachedTo("node-b")).await(10, TimeUnit.SECONDS);

    timers.forEach(t -> t.getValue().run());
    assertEquals("gone", left.poll(5, TimeUnit.SECONDS));
    assertEquals(Optional.empty(), directory.get("gone").await(10, TimeUnit.SECONDS));
    assertEquals("node-b", directory.get("back").await(10, TimeUnit.SECONDS).orElseThrow().nodeId());
    assertNull(left.poll(300, TimeUnit.MILLISECONDS), "the resumed peer is not announced");
  }

  @Test
  @DisplayName("when a node leaves, its attached peers are announced at once and its detached ones when their grace runs out")
  void nodeLeft() throws Exception {
    attached("attached", "node-gone");
    detached("detached", "node-gone", NOW - 10_000);
    attached("elsewhere", "node-here");

    departures.nodeLeft("node-gone").await(10, TimeUnit.SECONDS);
    assertEquals("attached", left.poll(5, TimeUnit.SECONDS));
    assertEquals(1, timers.size());
    assertEquals(20_000L, timers.get(0).getKey(), "what is left of its grace, not all of it");
    assertTrue(directory.get("detached").await(10, TimeUnit.SECONDS).isPresent());

    timers.get(0).getValue().run();
    assertEquals("detached", left.poll(5, TimeUnit.SECONDS));
    assertTrue(directory.get("elsewhere").await(10, TimeUnit.SECONDS).isPresent());
    assertNull(left.poll(300, TimeUnit.MILLISECONDS));
  }

  @Test
  @DisplayName("the safety sweep announces detached peers past their grace (timer lost) and no others")
  void sweep() throws Exception {
    detached("stale", "node-a", NOW - GRACE.toMillis() - 1);
    detached("fresh", "node-a", NOW - 5_000);
    attached("attached", "node-a");

    departures.sweep().await(10, TimeUnit.SECONDS);
    assertEquals("stale", left.poll(5, TimeUnit.SECONDS));
    assertNull(left.poll(300, TimeUnit.MILLISECONDS));
    assertTrue(directory.get("fresh").await(10, TimeUnit.SECONDS).isPresent());
    assertTrue(directory.get("attached").await(10, TimeUnit.SECONDS).isPresent());
    assertEquals(Optional.empty(), directory.get("stale").await(10, TimeUnit.SECONDS));
  }

  private Peer attached(String id, String node) throws Exception {
    Peer p = new Peer(id, "r", "user-" + id, id, "guest", Peer.initialState(), node, null);
    directory.enter(p).await(10, TimeUnit.SECONDS);
    return p;
  }

  private Peer detached(String id, String node, long at) throws Exception {
    Peer p = attached(id, node).detached(at);
    directory.put(p).await(10, TimeUnit.SECONDS);
    return p;
  }
}
