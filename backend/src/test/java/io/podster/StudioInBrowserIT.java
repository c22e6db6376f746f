package io.podster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio in two real headless Chromiums (Debian's) against the packaged jar
 * ({@code spa/e2e/studio.mjs}): host and guest see each other, a 10 s take lands complete,
 * readable by ffprobe and seekable (SeekHead and Cues), a guest's browser killed mid-take and reopened still finishes its track, and
 * the host's upload survives the object store being unreachable for 20 s. And a call whose first
 * peer connections are wedged ({@code spa/e2e/wedged-connection.mjs}) recovers by replacing them.
 */
class StudioInBrowserIT {
  @Test
  @DisplayName("in real browsers two people talk, record a take, and lose nothing to a crash or a store outage")
  void studio(@TempDir Path dataDir) throws Exception {
    try (JarProcess node = JarProcess.startReady(dataDir, TestNode.freePort(), Map.of())) {
      String out = BrowserScript.run("studio.mjs", node.baseUrl(), dataDir, 240);
      assertTrue(out.contains("e2e studio: passed"), out);
    }
  }

  @Test
  @DisplayName("a call whose first peer connections never come up gets media flowing through replacements")
  void wedgedConnection(@TempDir Path dataDir) throws Exception {
    try (JarProcess node = JarProcess.startReady(dataDir, TestNode.freePort(), Map.of())) {
      String out = BrowserScript.run("wedged-connection.mjs", node.baseUrl(), dataDir, 120);
      assertTrue(out.contains("e2e wedged connection: passed"), out);
    }
  }
}
