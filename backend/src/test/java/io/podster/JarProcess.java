package io.podster;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged jar run as an operator runs it: a separate process configured by environment. */
public final class JarProcess implements AutoCloseable {
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Process process;
  private final String baseUrl;
  private final String adminUrl;
  /** Where the node's output goes: an early exit's message quotes its end. */
  private final Path log;

  private JarProcess(Process process, String baseUrl, String adminUrl, Path log) {
    this.process = process;
    this.baseUrl = baseUrl;
    this.adminUrl = adminUrl;
    this.log = log;
  }

  public static ProcessBuilder builder(Path dataDir, int port, Map<String, String> env) {
    String jar = System.getProperty("podster.jar", "target/podster.jar");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar);
    pb.environment().keySet().removeIf(k -> k.startsWith("PODSTER_"));
    pb.environment().put("PODSTER_DATA_DIR", dataDir.toString());
    pb.environment().put("PODSTER_HTTP_PORT", String.valueOf(port));
    pb.environment().put("PODSTER_PUBLIC_URL", "http://127.0.0.1:" + port);
    pb.environment().put("PODSTER_S3_EMBEDDED_PORT", String.valueOf(TestNode.freePort()));
    // Each jar its own admin listener: the default 9464 would clash between nodes on one machine.
    pb.environment().put("PODSTER_ADMIN_PORT", String.valueOf(TestNode.freePort()));
    pb.environment().putAll(env);
    return pb;
  }

  /**
   * The environments of two nodes clustered on loopback that share one public origin, one database
   * and one object store: node A runs the embedded store, node B uses A's.
   */
  public static List<Map<String, String>> clusteredPair(
      String publicUrl, String dbUrl, String jwtSecret, int storePort, int clusterA, int clusterB) {
    Map<String, String> shared = new HashMap<>();
    shared.put("PODSTER_PUBLIC_URL", publicUrl);
    shared.put("PODSTER_CLUSTER", "true");
    shared.put("PODSTER_CLUSTER_HOST", "127.0.0.1");
    shared.put("PODSTER_CLUSTER_MEMBERS", "127.0.0.1:" + clusterA + ",127.0.0.1:" + clusterB);
    shared.put("PODSTER_JWT_SECRET", jwtSecret);
    shared.put("PODSTER_CLUSTER_BUS_PORT", "0"); // two nodes on one machine: an ephemeral event-bus port each
    shared.put("PODSTER_S3_ACCESS_KEY", "TWONODESACCESSKEY");
    shared.put("PODSTER_S3_SECRET_KEY", "two-nodes-store-secret-key-0123456789");
    shared.put("PODSTER_S3_BUCKET", "podster");
    shared.put("PODSTER_DB_URL", dbUrl);
    shared.put("PODSTER_DB_USER", "postgres");
    Map<String, String> a = new HashMap<>(shared);
    a.put("PODSTER_CLUSTER_PORT", String.valueOf(clusterA));
    a.put("PODSTER_S3_EMBEDDED_PORT", String.valueOf(storePort));
    Map<String, String> b = new HashMap<>(shared);
    b.put("PODSTER_CLUSTER_PORT", String.valueOf(clusterB));
    b.put("PODSTER_S3_ENDPOINT", "http://127.0.0.1:" + storePort);
    return List.of(a, b);
  }

  /** Starts the jar and waits until /health/ready answers 200. */
  public static JarProcess startReady(Path dataDir, int port, Map<String, String> env) throws Exception {
    JarProcess jar = start(dataDir, port, env);
    jar.awaitReady();
    return jar;
  }

  /**
   * Starts the jar without waiting (its output goes to {@code node.log} in the data dir): a
   * clustered node is not ready before it has joined its cluster.
   */
  public static JarProcess start(Path dataDir, int port, Map<String, String> env) throws Exception {
    ProcessBuilder pb = builder(dataDir, port, env);
    pb.redirectErrorStream(true);
    pb.redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("node.log").toFile()));
    return new JarProcess(
        pb.start(), "http://127.0.0.1:" + port, "http://127.0.0.1:" + pb.environment().get("PODSTER_ADMIN_PORT"), dataDir.resolve("node.log"));
  }

  public long pid() {
    return process.pid();
  }

  public String baseUrl() {
    return baseUrl;
  }

  /** The admin listener ({@code /metrics}, {@code /health/cluster}). */
  public String adminUrl() {
    return adminUrl;
  }

  public HttpResponse<String> post(String path, String json) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Waits until /health/ready answers 200 (database, store and, clustered, cluster membership). */
  public void awaitReady() throws Exception {
    await("/health/ready");
  }

  /** Waits until /health/live answers 200: the node serves HTTP, its embedded store already runs. */
  public void awaitLive() throws Exception {
    await("/health/live");
  }

  private String logTail() {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size()));
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private void await(String path) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("node exited early with " + process.exitValue() + "; its output ends:\n" + logTail());
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    close();
    throw new AssertionError(path + " not answering 200 within 90 s");
  }

  /** Sends SIGTERM without waiting. */
  public void terminate() {
    process.destroy();
  }

  public boolean awaitExit(long timeout, TimeUnit unit) throws InterruptedException {
    return process.waitFor(timeout, unit);
  }

  /** SIGTERM, as systemd sends it; the node must be gone within 20 s. */
  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("node did not stop within 20 s of SIGTERM");
    }
  }
}
