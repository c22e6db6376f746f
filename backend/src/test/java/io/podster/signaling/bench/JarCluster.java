package io.podster.signaling.bench;

import io.podster.Browser;
import io.podster.JarProcess;
import io.podster.TestNode;
import io.podster.ThrowawayDatabase;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Two packaged jars clustered on loopback, each its own JVM with the systemd unit's heap, sharing
 * one throwaway PostgreSQL database and node A's embedded store: the server as an operator runs it,
 * so its CPU and garbage collection are its own and not the load generator's.
 */
final class JarCluster implements AutoCloseable {
  /** The systemd unit's JVM options (infra/systemd/podster.service). */
  static final String JVM_OPTIONS = System.getProperty("bench.nodeJvm", "-Xms1g -Xmx1g -XX:MaxGCPauseMillis=10 -XX:+ExitOnOutOfMemoryError").replace('_', ' ');
  /** Each node's {@code PODSTER_EVENT_LOOPS} ({@code -Dbench.eventLoops=N}); unset, the node's default (one loop). */
  static final String EVENT_LOOPS = System.getProperty("bench.eventLoops", "");
  /** The one public origin both nodes answer for, as behind a load balancer. */
  final String publicUrl;
  final int portA;
  final int portB;
  private final ThrowawayDatabase db;
  private final JarProcess a;
  private final JarProcess b;

  private JarCluster(String publicUrl, int portA, int portB, ThrowawayDatabase db, JarProcess a, JarProcess b) {
    this.publicUrl = publicUrl;
    this.portA = portA;
    this.portB = portB;
    this.db = db;
    this.a = a;
    this.b = b;
  }

  static JarCluster start() throws Exception {
    Path dir = Files.createTempDirectory("podster-bench");
    int portA = TestNode.freePort();
    int portB = TestNode.freePort();
    int storePort = TestNode.freePort();
    int clusterA = TestNode.freePort();
    int clusterB = TestNode.freePort();
    String publicUrl = "http://127.0.0.1:" + portA;
    ThrowawayDatabase db = ThrowawayDatabase.postgres();
    List<Map<String, String>> env =
        JarProcess.clusteredPair(publicUrl, db.url(), "bench-secret-bench-secret-bench-secret-0123", storePort, clusterA, clusterB);
    Map<String, String> envA = new HashMap<>(env.get(0));
    Map<String, String> envB = new HashMap<>(env.get(1));
    // GC pauses go to each node's log, to read a latency tail against.
    for (Map<String, String> e : List.of(envA, envB)) {
      e.put("JAVA_TOOL_OPTIONS", JVM_OPTIONS + " -Xlog:gc:stdout:uptime");
      if (!EVENT_LOOPS.isBlank()) {
        e.put("PODSTER_EVENT_LOOPS", EVENT_LOOPS.trim());
      }
    }
    JarProcess a = JarProcess.start(Files.createDirectory(dir.resolve("a")), portA, envA);
    // Node B checks the shared store at start: A serves HTTP only once its store runs.
    a.awaitLive();
    JarProcess b = JarProcess.start(Files.createDirectory(dir.resolve("b")), portB, envB);
    a.awaitReady();
    b.awaitReady();
    System.out.println(
        "BENCH-INFO nodes: two jars (" + JVM_OPTIONS + "), event loops "
            + (EVENT_LOOPS.isBlank() ? "the default (1)" : EVENT_LOOPS.trim()) + ", logs in " + dir);
    return new JarCluster(publicUrl, portA, portB, db, a, b);
  }

  /** A signed-up host speaking to node A. */
  Browser host(Vertx vertx) {
    WebClient web = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(portA));
    Browser h = new Browser(web, publicUrl);
    h.signUp("bench" + System.nanoTime() + "@example.com", "password1", "Bench");
    return h;
  }

  /** CPU nanoseconds both nodes have used so far. */
  LongSupplier cpu() {
    List<LongSupplier> each = List.of(GeneratorCpu.of(a.pid()), GeneratorCpu.of(b.pid()));
    return () -> each.stream().mapToLong(LongSupplier::getAsLong).sum();
  }

  @Override
  public void close() throws Exception {
    try (ThrowawayDatabase d = db;
        JarProcess first = a;
        JarProcess second = b) {
      // closes B, then A, then drops the database
    }
  }
}
