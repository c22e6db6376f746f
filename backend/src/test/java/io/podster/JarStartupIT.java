package io.podster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged jar, as an operator runs it: a separate process on an empty data dir. */
class JarStartupIT {
  @Test
  @DisplayName("the jar starts on an empty data dir, is ready, and restarts on it with accounts intact")
  void startRestart(@TempDir Path dataDir) throws Exception {
    int port = TestNode.freePort();
    try (JarProcess first = JarProcess.startReady(dataDir, port, Map.of())) {
      HttpResponse<String> signup =
          first.post("/api/auth/signup", "{\"email\":\"op@example.com\",\"password\":\"password1\",\"displayName\":\"Op\"}");
      assertEquals(201, signup.statusCode(), signup.body());
      assertTrue(Files.exists(dataDir.resolve("secrets").resolve("jwt.key")));
      // Hazelcast's async completions start a thread each unless the common pool has two or more.
      String properties = Tools.run(30, jcmd(), String.valueOf(first.pid()), "VM.system_properties").output();
      if (Runtime.getRuntime().availableProcessors() <= 2) {
        assertTrue(properties.contains(CommonPool.PARALLELISM + "=2"), properties);
      }
    }
    try (JarProcess second = JarProcess.startReady(dataDir, port, Map.of())) {
      HttpResponse<String> login = second.post("/api/auth/login", "{\"email\":\"op@example.com\",\"password\":\"password1\"}");
      assertEquals(200, login.statusCode(), login.body());
    }
  }

  @Test
  @DisplayName("a bad variable stops the jar at once with one line naming it")
  void badConfig(@TempDir Path dataDir) throws Exception {
    ProcessBuilder pb = JarProcess.builder(dataDir, TestNode.freePort(), Map.of("PODSTER_HTTP_PORT", "not-a-port"));
    pb.redirectErrorStream(true);
    Process p = pb.start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(2, p.exitValue(), out);
    assertTrue(out.contains("podster: PODSTER_HTTP_PORT:"), out);
  }

  private static String jcmd() {
    return Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
  }
}
