package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.TestNode;
import io.podster.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
  @Test
  @DisplayName("the username is '<expiry>:<userId>' and the password base64 HMAC-SHA1(secret, username), as coturn computes it")
  void format() {
    TurnCredentials c =
        TurnCredentials.issue("s3cret", "user-123", Instant.ofEpochSecond(1_700_000_000), Duration.ofHours(12));
    assertEquals("1700043200:user-123", c.username());
    // echo -n "1700043200:user-123" | openssl dgst -sha1 -hmac s3cret -binary | base64
    assertEquals("CWZzP/m7AJQWhBAGypI1FoBYYgw=", c.credential());
  }

  @Test
  @DisplayName("a real coturn (use-auth-secret) allocates with the issued credentials and refuses ones made with another secret")
  void coturnAcceptsThem() throws Exception {
    String turnserver = Tools.require("turnserver", "coturn");
    String client = Tools.require("turnutils_uclient", "coturn");
    Path dir = Files.createTempDirectory("podster-coturn");
    int port = TestNode.freePort();
    int relay = 40000 + (port % 20000);
    String secret = "turn-test-secret-" + port;
    Files.writeString(
        dir.resolve("turnserver.conf"),
        String.join(
            "\n",
            "listening-ip=127.0.0.1",
            "relay-ip=127.0.0.1",
            "listening-port=" + port,
            "min-port=" + relay,
            "max-port=" + (relay + 50),
            "realm=podster.test",
            "use-auth-secret",
            "static-auth-secret=" + secret,
            "fingerprint",
            "no-tls",
            "no-dtls",
            "no-cli",
            "no-multicast-peers",
            "allow-loopback-peers",
            "log-file=stdout",
            "simple-log",
            "pidfile=" + dir.resolve("turnserver.pid"),
            "userdb=" + dir.resolve("turndb"),
            ""));
    Process server =
        new ProcessBuilder(turnserver, "-c", dir.resolve("turnserver.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("turnserver.log").toFile())
            .start();
    try {
      awaitListening(dir.resolve("turnserver.log"), server);
      TurnCredentials good = TurnCredentials.issue(secret, "user-1", Instant.now(), Duration.ofHours(12));
      Tools.Result ok = allocate(client, port, good);
      assertEquals(0, ok.exit(), ok.output());
      assertTrue(ok.output().contains("Total lost packets 0"), ok.output());

      TurnCredentials wrong = TurnCredentials.issue("not-" + secret, "user-1", Instant.now(), Duration.ofHours(12));
      Tools.Result refused = allocate(client, port, wrong);
      assertNotEquals(0, refused.exit(), refused.output());
      assertTrue(refused.output().contains("Cannot complete Allocation"), refused.output());

      TurnCredentials expired = TurnCredentials.issue(secret, "user-1", Instant.now().minusSeconds(7200), Duration.ofHours(1));
      assertNotEquals(0, allocate(client, port, expired).exit(), "an expired credential must be refused");
    } finally {
      server.destroy();
      server.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static Tools.Result allocate(String client, int port, TurnCredentials c) throws Exception {
    // -y: the client relays to itself (loopback peer); -n/-m/-l keep it short.
    return Tools.run(30, client, "-u", c.username(), "-w", c.credential(), "-p", String.valueOf(port), "-y", "-n", "3", "-m", "1", "-l", "100", "127.0.0.1");
  }

  private static void awaitListening(Path log, Process server) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!server.isAlive()) {
        throw new AssertionError("turnserver exited: " + Files.readString(log));
      }
      if (Files.exists(log) && Files.readString(log).contains("turn server id=")) {
        Thread.sleep(300);
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("turnserver did not start: " + Files.readString(log));
  }
}
