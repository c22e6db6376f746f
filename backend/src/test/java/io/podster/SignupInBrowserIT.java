package io.podster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
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
    try (JarProcess node = JarProcess.startReady(dataDir, TestNode.freePort(), Map.of())) {
      String out = BrowserScript.run("signup-and-room.mjs", node.baseUrl(), dataDir, 120);
      assertTrue(out.contains("e2e signup-and-room: passed"), out);
    }
  }
}
