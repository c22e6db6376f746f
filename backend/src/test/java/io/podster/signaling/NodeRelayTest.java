package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class NodeRelayTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("frames batched to an endpoint nobody holds any more (its node stopped) go on to each peer's own address, in order")
  void goneEndpoint() throws Exception {
    vertx.eventBus().registerDefaultCodec(FrameBatch.class, new FrameBatchCodec());
    BlockingQueue<String> got = new LinkedBlockingQueue<>();
    vertx.eventBus().<String>consumer(Addresses.peer("p"), m -> got.add(m.body())).completion().await(10, TimeUnit.SECONDS);
    NodeRelay relay = new NodeRelay(vertx, peerId -> null);
    vertx.runOnContext(
        v -> {
          relay.send(Endpoints.of("gone", 1), "p", "one");
          relay.send(Endpoints.of("gone", 1), "p", "two");
        });
    assertEquals("one", got.poll(5, TimeUnit.SECONDS));
    assertEquals("two", got.poll(5, TimeUnit.SECONDS));
  }
}
