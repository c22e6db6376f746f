package io.podster;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real headless Chromiums against the packaged jar ({@code spa/e2e/guest-session-gone.mjs}): a
 * guest's browser killed mid-take, the guest's session revoked, and the same profile reopened on
 * the invite link, signed out, still finishes the track by its upload token.
 */
class GuestSessionGoneInBrowserIT {
  @Test
  @DisplayName("a guest whose session was revoked finishes the track still in their browser after a crash")
  void guestFinishesWithoutSession(@TempDir Path dataDir) throws Exception {
    BrowserScript.runOnFreshNode("guest-session-gone.mjs", "e2e guest session gone: passed", dataDir, 180);
  }
}
