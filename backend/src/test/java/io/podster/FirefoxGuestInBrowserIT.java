package io.podster;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Firefox guest (Debian's firefox-esr, driven by puppeteer-core) with a Chromium host against the
 * packaged jar ({@code spa/e2e/firefox-guest.mjs}): they see each other; the guest's camera track,
 * written by Firefox's own WebM muxer, gets a Duration and Cues, decodes cleanly and seeks, and its
 * lossless track is WAV at the announced rate; a guest killed mid-take and reopened on its profile
 * still completes both tracks.
 */
class FirefoxGuestInBrowserIT {
  @Test
  @DisplayName("a Firefox guest records seekable tracks, and recovers them after its browser is killed mid-take")
  void firefoxGuest(@TempDir Path dataDir) throws Exception {
    BrowserScript.runOnFreshNode("firefox-guest.mjs", "e2e firefox guest: passed", dataDir, 180);
  }
}
