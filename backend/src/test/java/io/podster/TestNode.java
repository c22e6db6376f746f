package io.podster;

import io.podster.config.ConfigParser;
import io.podster.config.PodsterConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A real node for tests: its own data dir, free ports, embedded store, and the database the run
 * asks for ({@code -Dpodster.test.db=h2|postgres}; PostgreSQL gets a throwaway database).
 */
public final class TestNode implements AutoCloseable {
  private final PodsterNode node;
  private final ThrowawayDatabase database;
  private final WebClient client;
  private final WebClient admin;
  private final Path dataDir;

  private TestNode(PodsterNode node, ThrowawayDatabase database, Path dataDir) {
    this.node = node;
    this.database = database;
    this.dataDir = dataDir;
    this.client =
        WebClient.create(
            node.vertx(),
            new WebClientOptions()
                .setDefaultHost("127.0.0.1")
                .setDefaultPort(node.httpPort())
                .setFollowRedirects(false));
    this.admin =
        WebClient.create(
            node.vertx(),
            new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(node.adminPort()).setFollowRedirects(false));
  }

  public static TestNode start() {
    return start(Map.of());
  }

  public static TestNode start(Map<String, String> overrides) {
    try {
      Path dataDir = Files.createTempDirectory("podster-test");
      return start(dataDir, overrides);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TestNode start(Path dataDir, Map<String, String> overrides) {
    ThrowawayDatabase db = ThrowawayDatabase.forThisRun();
    JsonObject values =
        new JsonObject()
            .put("PODSTER_DATA_DIR", dataDir.toString())
            .put("PODSTER_HTTP_PORT", "0")
            .put("PODSTER_ADMIN_PORT", "0")
            .put("PODSTER_S3_EMBEDDED_PORT", String.valueOf(freePort()));
    if (db.url() != null) {
      values.put("PODSTER_DB_URL", db.url()).put("PODSTER_DB_USER", "postgres");
    }
    overrides.forEach(values::put);
    PodsterConfig config = ConfigParser.parse(values);
    try {
      PodsterNode node = PodsterNode.start(config).await(90, TimeUnit.SECONDS);
      return new TestNode(node, db, dataDir);
    } catch (Exception e) {
      db.close();
      throw new IllegalStateException("test node did not start", e);
    }
  }

  /**
   * A port free now, below Linux's ephemeral range (32768–60999): a port the OS handed out there
   * could be taken, before the node binds it, as the source port of some outgoing connection (CI:
   * "Port [35197] is already in use" for the second node of a cluster while the first connected out).
   */
  public static int freePort() {
    for (int attempt = 0; attempt < 200; attempt++) {
      int port = ThreadLocalRandom.current().nextInt(20_000, 32_000);
      try (ServerSocket s = new ServerSocket(port)) {
        return s.getLocalPort();
      } catch (IOException taken) {
        // try another
      }
    }
    throw new IllegalStateException("no free port found in 20000-31999");
  }

  /** A new browser with its own cookie jar. */
  public Browser browser() {
    return new Browser(client, node.config().http().origin());
  }

  public WebClient client() {
    return client;
  }

  /** A client of the node's admin listener ({@code /metrics}, {@code /health/cluster}). */
  public WebClient admin() {
    return admin;
  }

  /** {@code GET path} on the admin listener (no token), as JSON. */
  public JsonObject adminJson(String path) {
    try {
      var r = admin.get(path).send().await(10, TimeUnit.SECONDS);
      if (r.statusCode() != 200) {
        throw new AssertionError("admin " + path + " answered " + r.statusCode() + ": " + r.bodyAsString());
      }
      return r.bodyAsJsonObject();
    } catch (java.util.concurrent.TimeoutException e) {
      throw new AssertionError("admin " + path + " did not answer", e);
    }
  }

  public PodsterNode node() {
    return node;
  }

  public Path dataDir() {
    return dataDir;
  }

  @Override
  public void close() {
    try {
      client.close();
      admin.close();
      node.stop().await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    } finally {
      database.close();
    }
  }
}
