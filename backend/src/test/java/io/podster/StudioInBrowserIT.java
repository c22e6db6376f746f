package io.podster;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The studio in two real headless Chromiums (Debian's) against the packaged jar
 * ({@code spa/e2e/studio.mjs}): host and guest see each other, a 10 s take lands complete,
 * readable by ffprobe and seekable (SeekHead and Cues), a guest's browser killed mid-take and reopened still finishes its track, and
 * the host's upload survives the object store being unreachable for 20 s. And a call whose first
 * peer connections are wedged ({@code spa/e2e/wedged-connection.mjs}) recovers by replacing them.
 * And the host's board with two guests ({@code spa/e2e/host-board.mjs}).
 */
class StudioInBrowserIT {
  @Test
  @DisplayName("in real browsers two people talk, record a take, and lose nothing to a crash or a store outage")
  void studio(@TempDir Path dataDir) throws Exception {
    BrowserScript.runOnFreshNode("studio.mjs", "e2e studio: passed", dataDir, 240);
  }

  @Test
  @DisplayName("the host's Recording status moves recording → uploading → saved per guest from the server's records, All recordings saved only once the store holds every track, and a guest closing with uploads pending is warned and reported")
  void hostBoard(@TempDir Path dataDir) throws Exception {
    BrowserScript.runOnFreshNode("host-board.mjs", "e2e host board: passed", dataDir, 180);
  }

  @Test
  @DisplayName("a call whose first peer connections never come up gets media flowing through replacements")
  void wedgedConnection(@TempDir Path dataDir) throws Exception {
    BrowserScript.runOnFreshNode("wedged-connection.mjs", "e2e wedged connection: passed", dataDir, 120);
  }
}
