package io.podster;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real headless Chromiums against the packaged jar ({@code spa/e2e/screen-first.mjs}): the host's
 * screen share reaches the guest before the host's camera, and the guest still shows each in its
 * place, by the stream labels of protocol 2 rather than by arrival order.
 */
class ScreenFirstInBrowserIT {
  @Test
  @DisplayName("a screen share that arrives before the camera is shown as the screen, the camera as the camera")
  void screenBeforeCamera(@TempDir Path dataDir) throws Exception {
    BrowserScript.runOnFreshNode("screen-first.mjs", "e2e screen first: passed", dataDir, 180);
  }
}
