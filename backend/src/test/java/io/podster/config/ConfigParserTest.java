package io.podster.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigParserTest {
  @Test
  @DisplayName("with nothing set, a node runs on embedded defaults")
  void defaults() {
    PodsterConfig c = ConfigParser.parse(new JsonObject());
    assertEquals("127.0.0.1", c.http().host());
    assertEquals(8080, c.http().port());
    assertEquals("http://127.0.0.1:8080", c.http().origin());
    assertFalse(c.http().secure());
    assertTrue(c.database().url().startsWith("jdbc:h2:file:"));
    assertTrue(c.database().url().contains(c.dataDir().resolve("db").toString()));
    assertTrue(c.database().url().contains(";TRACE_LEVEL_FILE=0"), "H2 writes no trace file (failed SQL values)");
    assertTrue(c.storage().embedded());
    assertEquals("http://127.0.0.1:9000", c.storage().effectiveEndpoint());
    assertEquals("podster", c.storage().bucket());
    assertFalse(c.cluster().enabled());
    assertEquals(List.of(), c.cluster().members());
    assertNull(c.jwtSecret());
    assertEquals(10L * 1024 * 1024 * 1024, c.quotaBytes());
    assertEquals(java.time.Duration.ofHours(720), c.uploadIdleAge(), "a crashed tab's track waits thirty days");
  }

  @Test
  @DisplayName("every variable is read into the typed record")
  void overrides() {
    PodsterConfig c =
        ConfigParser.parse(
            new JsonObject()
                .put("PODSTER_HTTP_HOST", "0.0.0.0")
                .put("PODSTER_HTTP_PORT", "9090")
                .put("PODSTER_PUBLIC_URL", "https://studio.example.com")
                .put("PODSTER_DB_URL", "jdbc:postgresql://db:5432/podster")
                .put("PODSTER_DB_USER", "pod")
                .put("PODSTER_S3_ENDPOINT", "https://s3.example.com")
                .put("PODSTER_S3_PATH_STYLE", "false")
                .put("PODSTER_CLUSTER", "true")
                .put("PODSTER_JWT_SECRET", "x".repeat(32))
                .put("PODSTER_CLUSTER_MEMBERS", "10.0.0.1:5701, 10.0.0.2:5701")
                .put("PODSTER_TURN_URLS", "turn:turn.example.com:3478")
                .put("PODSTER_TURN_SECRET", "s")
                .put("PODSTER_QUOTA_BYTES", 1000));
    assertEquals(9090, c.http().port());
    assertTrue(c.http().secure());
    assertTrue(c.database().postgres());
    assertEquals("pod", c.database().user());
    assertFalse(c.storage().embedded());
    assertFalse(c.storage().pathStyle());
    assertEquals(List.of("10.0.0.1:5701", "10.0.0.2:5701"), c.cluster().members());
    assertEquals(List.of("turn:turn.example.com:3478"), c.ice().turnUrls());
    assertEquals(1000, c.quotaBytes());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "PODSTER_HTTP_PORT|http|PODSTER_HTTP_PORT",
      "PODSTER_HTTP_PORT|70000|PODSTER_HTTP_PORT",
      "PODSTER_ADMIN_PORT|70000|PODSTER_ADMIN_PORT",
      "PODSTER_ADMIN_PORT|8080|PODSTER_ADMIN_PORT",
      "PODSTER_PUBLIC_URL|ftp://x|PODSTER_PUBLIC_URL",
      "PODSTER_DB_URL|jdbc:mysql://x|PODSTER_DB_URL",
      "PODSTER_JWT_SECRET|short|PODSTER_JWT_SECRET",
      "PODSTER_CLUSTER|maybe|PODSTER_CLUSTER",
      "PODSTER_CLUSTER|true|PODSTER_JWT_SECRET",
      "PODSTER_CLUSTER_MEMBERS|127.0.0.1:5701-5710|PODSTER_CLUSTER_MEMBERS",
      "PODSTER_QUOTA_BYTES|-1|PODSTER_QUOTA_BYTES",
      "PODSTER_S3_BUCKET|Bad_Bucket|PODSTER_S3_BUCKET",
      "PODSTER_S3_ENDPOINT|s3.example.com|PODSTER_S3_ENDPOINT",
      "PODSTER_TURN_URLS|turn:x|PODSTER_TURN_SECRET",
      "PODSTER_TURN_TTL_SECONDS|0|PODSTER_TURN_TTL_SECONDS",
      "PODSTER_TRUSTED_PROXIES|nginx.internal|PODSTER_TRUSTED_PROXIES",
      "PODSTER_TRUSTED_PROXIES|10.0.0.0/40|PODSTER_TRUSTED_PROXIES",
      "PODSTER_CLUSTER_BUS_PORT|70000|PODSTER_CLUSTER_BUS_PORT",
      "PODSTER_CLUSTER_BUS_PORT|5701|PODSTER_CLUSTER_BUS_PORT",
      "PODSTER_CLUSTER_INSECURE|sometimes|PODSTER_CLUSTER_INSECURE",
      "PODSTER_CLUSTER_TLS_CERT|/nonexistent/node.pem|PODSTER_CLUSTER_TLS_KEY"
  })
  @DisplayName("a bad value stops start-up with a message naming the variable")
  void badValues(String key, String value, String named) {
    ConfigException e =
        assertThrows(ConfigException.class, () -> ConfigParser.parse(new JsonObject().put(key, value)));
    assertTrue(e.getMessage().startsWith(named + ":"), e.getMessage());
  }

  @Test
  @DisplayName("cluster TLS: three readable PEM files or none; the event bus on a fixed port, 5702 unless told")
  void clusterTls(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    PodsterConfig.Cluster plain = ConfigParser.parse(new JsonObject()).cluster();
    assertEquals(5702, plain.busPort());
    assertNull(plain.tls());
    assertFalse(plain.insecure());
    for (String name : List.of("node.pem", "node.key", "ca.pem")) {
      java.nio.file.Files.writeString(dir.resolve(name), "-----BEGIN-----");
    }
    JsonObject tls =
        new JsonObject()
            .put("PODSTER_CLUSTER_TLS_CERT", dir.resolve("node.pem").toString())
            .put("PODSTER_CLUSTER_TLS_KEY", dir.resolve("node.key").toString())
            .put("PODSTER_CLUSTER_TLS_CA", dir.resolve("ca.pem").toString())
            .put("PODSTER_CLUSTER_BUS_PORT", "6702");
    PodsterConfig.Cluster c = ConfigParser.parse(tls).cluster();
    assertEquals(new PodsterConfig.Tls(dir.resolve("node.pem"), dir.resolve("node.key"), dir.resolve("ca.pem")), c.tls());
    assertEquals(6702, c.busPort());
    ConfigException missing =
        assertThrows(ConfigException.class, () -> ConfigParser.parse(tls.copy().put("PODSTER_CLUSTER_TLS_CA", dir.resolve("gone.pem").toString())));
    assertTrue(missing.getMessage().startsWith("PODSTER_CLUSTER_TLS_CA: cannot read"), missing.getMessage());
  }

  @ParameterizedTest
  @CsvSource({"10.0.0.11,false", "10.0.0.11,true", "node1.internal,false", "127.0.0.1,false", "::1,false", "localhost,false"})
  @DisplayName("a node clusters in the clear only on a loopback address, or when PODSTER_CLUSTER_INSECURE=true says so")
  void clearTextOnlyOnLoopback(String host, boolean insecure) {
    JsonObject values =
        new JsonObject()
            .put("PODSTER_CLUSTER", "true")
            .put("PODSTER_JWT_SECRET", "x".repeat(32))
            .put("PODSTER_CLUSTER_HOST", host)
            .put("PODSTER_CLUSTER_INSECURE", String.valueOf(insecure));
    boolean loopback = host.equals("127.0.0.1") || host.equals("::1") || host.equals("localhost");
    if (loopback || insecure) {
      assertEquals(insecure, ConfigParser.parse(values).cluster().insecure());
    } else {
      ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(values));
      assertTrue(e.getMessage().startsWith("PODSTER_CLUSTER_TLS_CERT: PODSTER_CLUSTER_HOST " + host + " is not a loopback address"), e.getMessage());
      assertTrue(e.getMessage().contains("PODSTER_CLUSTER_INSECURE=true"), e.getMessage());
    }
  }

  @Test
  @DisplayName("operator settings: TURN credentials last 12 h unless told, no metrics token, no trusted proxy, admin listener on 127.0.0.1:9464 by default")
  void operatorSettings() {
    PodsterConfig d = ConfigParser.parse(new JsonObject());
    assertEquals(java.time.Duration.ofHours(12), d.ice().turnTtl());
    assertNull(d.ops().metricsToken());
    assertEquals(List.of(), d.ops().trustedProxies());
    assertEquals("127.0.0.1", d.ops().adminHost(), "the admin listener stays on loopback unless told");
    assertEquals(9464, d.ops().adminPort());
    PodsterConfig c =
        ConfigParser.parse(
            new JsonObject()
                .put("PODSTER_TURN_TTL_SECONDS", "600")
                .put("PODSTER_METRICS_TOKEN", "scrape-me")
                .put("PODSTER_TRUSTED_PROXIES", "127.0.0.1, 10.0.0.0/8")
                .put("PODSTER_ADMIN_HOST", "10.0.0.11")
                .put("PODSTER_ADMIN_PORT", "0"));
    assertEquals(java.time.Duration.ofMinutes(10), c.ice().turnTtl());
    assertEquals("scrape-me", c.ops().metricsToken());
    assertEquals(List.of("127.0.0.1", "10.0.0.0/8"), c.ops().trustedProxies());
    assertEquals("10.0.0.11", c.ops().adminHost());
    assertEquals(0, c.ops().adminPort(), "0: a free port, as tests use");
  }

  @Test
  @DisplayName("the listener runs one event loop unless PODSTER_EVENT_LOOPS says how many, from 1 to 64")
  void eventLoops() {
    assertEquals(1, ConfigParser.parse(new JsonObject()).http().eventLoops());
    assertEquals(2, ConfigParser.parse(new JsonObject().put("PODSTER_EVENT_LOOPS", "2")).http().eventLoops());
    assertEquals(1, ConfigParser.parse(new JsonObject().put("PODSTER_EVENT_LOOPS", "1")).http().eventLoops());
    assertEquals(64, ConfigParser.parse(new JsonObject().put("PODSTER_EVENT_LOOPS", " 64 ")).http().eventLoops());
    for (String bad : List.of("0", "65", "-2", "two", "1.5", "99999999999")) {
      ConfigException e =
          assertThrows(ConfigException.class, () -> ConfigParser.parse(new JsonObject().put("PODSTER_EVENT_LOOPS", bad)), bad);
      assertTrue(e.getMessage().startsWith("PODSTER_EVENT_LOOPS: must be"), e.getMessage());
      assertTrue(e.getMessage().contains("1 to 64"), e.getMessage());
    }
  }
}
