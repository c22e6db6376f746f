package io.podster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one of the SPA's end-to-end scripts ({@code spa/e2e/*.mjs}: playwright-core driving Debian's
 * Chromium) against a running node, and fails the test with the script's whole output unless it
 * ends by printing its "passed" line.
 */
final class BrowserScript {
  private BrowserScript() {}

  /**
   * Starts the packaged jar on an empty data dir, runs the script against it (its public URL, then
   * its admin listener's, e.g. for /metrics), and fails unless the script printed {@code passedLine}.
   */
  static void runOnFreshNode(String script, String passedLine, Path dataDir, long timeoutSeconds) throws Exception {
    runOnFreshNode(script, List.of(), passedLine, dataDir, timeoutSeconds);
  }

  /** As above, with {@code flags} after the node's two URLs. */
  static void runOnFreshNode(String script, List<String> flags, String passedLine, Path dataDir, long timeoutSeconds) throws Exception {
    try (JarProcess node = startFresh(dataDir)) {
      List<String> args = new ArrayList<>(List.of(node.baseUrl(), node.adminUrl()));
      args.addAll(flags);
      String out = run(script, args, dataDir, timeoutSeconds);
      assertTrue(out.contains(passedLine), out);
    }
  }

  /**
   * The jar on fresh ports, tried a second time on others if a port it was given was taken before
   * it bound it (CI: the node exited with 2 at start, once in a full run): any other failure fails.
   */
  private static JarProcess startFresh(Path dataDir) throws Exception {
    try {
      return JarProcess.startReady(dataDir, TestNode.freePort(), Map.of());
    } catch (AssertionError e) {
      String why = String.valueOf(e.getMessage());
      if (!why.contains("already in use") && !why.contains("BindException")) {
        throw e;
      }
      return JarProcess.startReady(dataDir, TestNode.freePort(), Map.of());
    }
  }

  static String run(String script, String baseUrl, Path logDir, long timeoutSeconds) throws Exception {
    return run(script, List.of(baseUrl), logDir, timeoutSeconds);
  }

  static String run(String script, List<String> args, Path logDir, long timeoutSeconds) throws Exception {
    Path spa = Path.of(System.getProperty("podster.spa.dir", "../spa")).toAbsolutePath().normalize();
    assertTrue(Files.isDirectory(spa.resolve("node_modules/playwright-core")), "run the spa build first (npm ci)");
    Path log = logDir.resolve(script.replace('/', '_') + ".log");
    List<String> command = new ArrayList<>(List.of("node", "e2e/" + script));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(spa.toFile());
    pb.redirectErrorStream(true);
    pb.redirectOutput(log.toFile());
    Process p = pb.start();
    boolean finished = p.waitFor(timeoutSeconds, TimeUnit.SECONDS);
    if (!finished) {
      p.destroyForcibly();
    }
    String out = Files.readString(log);
    System.out.println(out);
    assertTrue(finished, "browser test timed out: " + out);
    assertEquals(0, p.exitValue(), out);
    return out;
  }
}
