package io.podster;

import java.nio.file.Path;
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
    BrowserScript.runOnFreshNode("signup-and-room.mjs", "e2e signup-and-room: passed", dataDir, 120);
  }
}
