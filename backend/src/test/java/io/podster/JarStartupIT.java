package io.podster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, as an operator runs it: a separate process on an empty data dir. */
class JarStartupIT {
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  @DisplayName("the jar starts on an empty data dir, is ready, and restarts on it with accounts intact")
  void startRestart(@TempDir Path dataDir) throws Exception {
    int port = TestNode.freePort();
    String base = "http://127.0.0.1:" + port;
    Process first = launch(dataDir, port);
    try {
      awaitReady(base, first);
      HttpResponse<String> signup =
          post(base + "/api/auth/signup", "{\"email\":\"op@example.com\",\"password\":\"password1\",\"displayName\":\"Op\"}");
      assertEquals(201, signup.statusCode(), signup.body());
      assertTrue(Files.exists(dataDir.resolve("secrets").resolve("jwt.key")));
    } finally {
      stop(first);
    }
    Process second = launch(dataDir, port);
    try {
      awaitReady(base, second);
      HttpResponse<String> login = post(base + "/api/auth/login", "{\"email\":\"op@example.com\",\"password\":\"password1\"}");
      assertEquals(200, login.statusCode(), login.body());
    } finally {
      stop(second);
    }
  }

  @Test
  @DisplayName("a bad variable stops the jar at once with one line naming it")
  void badConfig(@TempDir Path dataDir) throws Exception {
    ProcessBuilder pb = builder(dataDir, TestNode.freePort());
    pb.environment().put("PODSTER_HTTP_PORT", "not-a-port");
    pb.redirectErrorStream(true);
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(2, p.exitValue(), out);
    assertTrue(out.contains("podster: PODSTER_HTTP_PORT:"), out);
  }

  private ProcessBuilder builder(Path dataDir, int port) {
    String jar = System.getProperty("podster.jar", "target/podster.jar");
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar);
    pb.environment().put("PODSTER_DATA_DIR", dataDir.toString());
    pb.environment().put("PODSTER_HTTP_PORT", String.valueOf(port));
    pb.environment().put("PODSTER_PUBLIC_URL", "http://127.0.0.1:" + port);
    pb.environment().put("PODSTER_S3_EMBEDDED_PORT", String.valueOf(TestNode.freePort()));
    pb.environment().remove("PODSTER_DB_URL");
    return pb;
  }

  private Process launch(Path dataDir, int port) throws IOException {
    ProcessBuilder pb = builder(dataDir, port);
    pb.redirectErrorStream(true);
    pb.redirectOutput(dataDir.resolve("node.log").toFile());
    return pb.start();
  }

  private void awaitReady(String base, Process p) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
    while (System.nanoTime() < deadline) {
      assertTrue(p.isAlive(), "node exited early");
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(base + "/health/ready")).build(), HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(250);
    }
    throw new AssertionError("node not ready within 90 s");
  }

  private HttpResponse<String> post(String url, String body) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroy(); // SIGTERM: the shutdown hook stops the node
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("node did not stop within 20 s of SIGTERM");
    }
  }
}
