package io.podster.signaling;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.Vertx;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** One real node per test class, and real WebSocket clients to talk to it. */
abstract class SignalingNodeTest {
  static TestNode node;
  static Vertx clients;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            Map.of(
                "PODSTER_SIGNUPS_PER_ADDRESS", "10000",
                // A short grace so a closed socket's peer-left arrives within the tests' waits.
                "PODSTER_RESUME_GRACE_SECONDS", "1",
                "PODSTER_STUN_URLS", "stun:stun.example.org:3478,stun:127.0.0.1:3478"));
    clients = Vertx.vertx();
  }

  @AfterAll
  static void stop() throws Exception {
    clients.close().await(10, TimeUnit.SECONDS);
    node.close();
  }

  static WsPeer ws(Browser b) {
    return WsPeer.connect(clients, node.node().httpPort(), b);
  }
}
