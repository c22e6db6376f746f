package io.podster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.config.ConfigException;
import io.podster.config.PodsterConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class EmbeddedObjectStoreTest {
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dataDir;
  private PodsterConfig.Storage storage;
  private EmbeddedObjectStore embedded;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    storage = TestStores.embedded(dataDir, TestStores.freePort());
    embedded = TestStores.start(storage, dataDir);
    // S3Proxy answers every preflight for a bucket that does not exist with 403.
    try (ObjectStore store = ObjectStore.create(vertx, storage)) {
      store.ensureBucket().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
    }
  }

  @AfterEach
  void stop() {
    embedded.close();
  }

  private HttpResponse<String> preflight(String origin) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(
            URI.create(storage.effectiveEndpoint() + "/" + TestStores.BUCKET + "/rec/part?partNumber=1"))
        .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
        .header("Origin", origin)
        .header("Access-Control-Request-Method", "PUT")
        .header("Access-Control-Request-Headers", "content-type")
        .build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("it listens on the configured port on loopback")
  void listensOnConfiguredPort() {
    assertEquals(storage.embeddedPort(), embedded.port());
  }

  @Test
  @DisplayName("a preflight for a PUT from the page's origin is allowed and exposes ETag and Retry-After")
  void preflightFromAllowedOrigin() throws Exception {
    HttpResponse<String> res = preflight(TestStores.ORIGIN);
    assertEquals(200, res.statusCode(), res.body());
    assertEquals(Optional.of(TestStores.ORIGIN), res.headers().firstValue("Access-Control-Allow-Origin"));
    assertTrue(res.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("PUT"));
    assertTrue(res.headers().firstValue("Access-Control-Allow-Headers").orElse("")
        .toLowerCase().contains("content-type"));
    String exposed = res.headers().firstValue("Access-Control-Expose-Headers").orElse("").toLowerCase();
    assertTrue(exposed.contains("etag") && exposed.contains("retry-after"), exposed);
  }

  @Test
  @DisplayName("a preflight from any other origin is refused with 403")
  void preflightFromOtherOrigin() throws Exception {
    for (String origin : new String[] {"https://evil.example", "http://127.0.0.1:8081",
        "http://127a0b0c1:8080"}) { // the last one only matches if dots were taken as regex
      HttpResponse<String> res = preflight(origin);
      assertEquals(403, res.statusCode(), origin);
      assertTrue(res.headers().firstValue("Access-Control-Allow-Origin").isEmpty(), origin);
    }
  }

  @Test
  @DisplayName("a second store on a taken port fails naming PODSTER_S3_EMBEDDED_PORT and the port")
  void portInUse(@TempDir Path otherDir) throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      PodsterConfig.Storage s = TestStores.embedded(otherDir, port);
      ConfigException e = assertThrows(ConfigException.class, () -> TestStores.start(s, otherDir));
      assertTrue(e.getMessage().startsWith("PODSTER_S3_EMBEDDED_PORT:"), e.getMessage());
      assertTrue(e.getMessage().contains(String.valueOf(port)), e.getMessage());
      taken.close();
      // The failed attempt released everything: the same port works once it is free.
      try (EmbeddedObjectStore again = TestStores.start(s, otherDir)) {
        assertEquals(port, again.port());
      }
    }
  }
}
