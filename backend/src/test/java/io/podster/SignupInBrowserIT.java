package io.podster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real headless Chromium (Debian's) drives the page served by the packaged jar: the newcomer's
 * path from sign-up to a room and a guest joining by invite ({@code spa/e2e/signup-and-room.mjs}).
 */
class SignupInBrowserIT {
  @Test
  @DisplayName("in a real browser a newcomer signs up, creates and opens a room, and a guest joins it")
  void newcomer(@TempDir Path dataDir) throws Exception {
    Path spa = Path.of(System.getProperty("podster.spa.dir", "../spa")).toAbsolutePath().normalize();
    assertTrue(Files.isDirectory(spa.resolve("node_modules/playwright-core")), "run the spa build first (npm ci)");
    try (JarProcess node = JarProcess.startReady(dataDir, TestNode.freePort(), Map.of())) {
      ProcessBuilder pb = new ProcessBuilder("node", "e2e/signup-and-room.mjs", node.baseUrl()).directory(spa.toFile());
      pb.redirectErrorStream(true);
      Process p = pb.start();
      boolean finished = p.waitFor(120, TimeUnit.SECONDS);
      String out = new String(p.getInputStream().readAllBytes());
      if (!finished) {
        p.destroyForcibly();
      }
      assertTrue(finished, "browser test timed out: " + out);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("e2e signup-and-room: passed"), out);
    }
  }
}
