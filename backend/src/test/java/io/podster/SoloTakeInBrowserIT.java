package io.podster;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real headless Chromium against the packaged jar ({@code spa/e2e/solo-take.mjs}) whose fake
 * camera plays 1080p noise: VP9 records it at ~8 Mbit/s, so a take of a dozen seconds is uploaded in
 * several 5 MiB parts (the test pattern would need ~50 s a part) and the camera file is finished
 * across them: it must decode, and seek by its Cues, also when the browser is killed mid-take and
 * the reopened page finishes the file. The first take begins while the microphone is quiet: its
 * camera file must still be placed by its sound, found in a later stretch of the lossless track.
 */
class SoloTakeInBrowserIT {
  @Test
  @DisplayName("a 1080p camera take of several parts comes out one seekable file, placed by its sound though the take began quiet")
  void severalParts(@TempDir Path dataDir) throws Exception {
    BrowserScript.runOnFreshNode(
        "solo-take.mjs", List.of("--seconds=20", "--noisy-camera", "--quiet-start"), "e2e solo take: passed", dataDir, 240);
  }

  @Test
  @DisplayName("a 1080p camera take of several parts, its browser killed mid-take, is finished by the reopened page with Duration and Cues")
  void severalPartsKilled(@TempDir Path dataDir) throws Exception {
    BrowserScript.runOnFreshNode(
        "solo-take.mjs", List.of("--seconds=16", "--noisy-camera", "--kill"), "e2e solo take (killed mid-take): passed", dataDir, 240);
  }
}
