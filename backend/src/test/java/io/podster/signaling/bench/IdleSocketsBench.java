package io.podster.signaling.bench;

import io.podster.Browser;
import io.podster.JarProcess;
import io.podster.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.ext.web.client.WebClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Idle sockets one node holds: the packaged jar runs as its own JVM ({@code -Xmx} from
 * {@code bench.idleHeap}), this JVM opens {@code bench.idle} authenticated sockets to it from four
 * loopback source addresses (ephemeral ports), and the node's used heap is read after a full GC with
 * {@code jcmd <pid> GC.run} + {@code GC.heap_info}, before and after. Both ends of every socket are
 * on this machine, so the per-process descriptor limit bounds the count.
 */
@EnabledIfSystemProperty(named = "podster.bench", matches = "true")
class IdleSocketsBench {
  private static final Pattern USED = Pattern.compile("used (\\d+)K");

  @Test
  void idleSockets() throws Exception {
    int count = Integer.getInteger("bench.idle", 19_000);
    String heap = System.getProperty("bench.idleHeap", "1g");
    Path dir = Files.createTempDirectory("podster-idle");
    int port = TestNode.freePort();
    Vertx vertx = Vertx.vertx();
    try (JarProcess node =
        JarProcess.startReady(dir, port, Map.of("JAVA_TOOL_OPTIONS", "-Xmx" + heap, "PODSTER_SIGNUPS_PER_ADDRESS", "100"))) {
      WebClient web =
          WebClient.create(vertx, new io.vertx.ext.web.client.WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
      Browser b = new Browser(web, "http://127.0.0.1:" + port);
      b.signUp("idle" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "password1", "Idle");
      String cookie = b.cookie("podster_session");
      long before = usedHeapBytes(node.pid());
      List<WebSocketClient> clients = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        clients.add(
            vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(100_000).setLocalAddress("127.0.0." + i)));
      }
      List<WebSocket> sockets = new ArrayList<>();
      long started = System.nanoTime();
      for (int start = 0; start < count; start += 200) {
        List<Future<WebSocket>> batch = new ArrayList<>();
        for (int i = start; i < Math.min(count, start + 200); i++) {
          batch.add(
              clients
                  .get(i % clients.size())
                  .connect(
                      new WebSocketConnectOptions()
                          .setHost("127.0.0.1")
                          .setPort(port)
                          .setURI("/ws")
                          .setAllowOriginHeader(false)
                          .addHeader("Cookie", "podster_session=" + cookie)));
        }
        Future.all(batch).await(60, TimeUnit.SECONDS);
        batch.forEach(f -> sockets.add(f.result()));
      }
      double connectSeconds = (System.nanoTime() - started) / 1e9;
      Thread.sleep(6000); // one heartbeat round (ping/pong) while idle
      long after = usedHeapBytes(node.pid());
      long open = sockets.stream().filter(s -> !s.isClosed()).count();
      double perSocket = (double) (after - before) / count;
      System.out.printf(
          "BENCH idle sockets %d (open %d) on one node -Xmx%s: connected in %.1f s; used heap after GC %.1f MiB -> %.1f MiB;"
              + " %.0f bytes/socket; 20k sockets ≈ %.0f MiB%n",
          count, open, heap, connectSeconds, before / 1048576.0, after / 1048576.0, perSocket, (before + perSocket * 20_000) / 1048576.0);
      System.out.printf(
          "TABLE | idle sockets, one node (-Xmx%s)  | %d open, heap %.0f MiB after GC, %.0f B/socket | 20k ≈ %.0f MiB (goal < 1024)%n",
          heap, open, after / 1048576.0, perSocket, (before + perSocket * 20_000) / 1048576.0);
      sockets.forEach(WebSocket::close);
      Thread.sleep(1000);
    } finally {
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }

  /** Used heap after a full collection, read from outside the node with jcmd. */
  private static long usedHeapBytes(long pid) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    run(jcmd, String.valueOf(pid), "GC.run");
    String info = run(jcmd, String.valueOf(pid), "GC.heap_info");
    Matcher m = USED.matcher(info);
    if (!m.find()) {
      throw new IllegalStateException("no used heap in: " + info);
    }
    return Long.parseLong(m.group(1)) * 1024;
  }

  private static String run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    p.waitFor(30, TimeUnit.SECONDS);
    return out;
  }
}
