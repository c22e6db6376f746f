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
 * The studio in two real headless Chromiums (Debian's) against the packaged jar
 * ({@code spa/e2e/studio.mjs}): host and guest see each other, a 10 s take lands complete and
 * readable by ffprobe, a guest's browser killed mid-take and reopened still finishes its track, and
 * the host's upload survives the object store being unreachable for 20 s.
 */
class StudioInBrowserIT {
  @Test
  @DisplayName("in real browsers two people talk, record a take, and lose nothing to a crash or a store outage")
  void studio(@TempDir Path dataDir) throws Exception {
    Path spa = Path.of(System.getProperty("podster.spa.dir", "../spa")).toAbsolutePath().normalize();
    assertTrue(Files.isDirectory(spa.resolve("node_modules/playwright-core")), "run the spa build first (npm ci)");
    try (JarProcess node = JarProcess.startReady(dataDir, TestNode.freePort(), Map.of())) {
      Path log = dataDir.resolve("studio-e2e.log");
      ProcessBuilder pb = new ProcessBuilder("node", "e2e/studio.mjs", node.baseUrl()).directory(spa.toFile());
      pb.redirectErrorStream(true);
      pb.redirectOutput(log.toFile());
      Process p = pb.start();
      boolean finished = p.waitFor(240, TimeUnit.SECONDS);
      if (!finished) {
        p.destroyForcibly();
      }
      String out = Files.readString(log);
      System.out.println(out);
      assertTrue(finished, "browser test timed out: " + out);
      assertEquals(0, p.exitValue(), out);
      assertTrue(out.contains("e2e studio: passed"), out);
    }
  }
}
