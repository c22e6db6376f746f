package io.podster;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The system programs some tests run for real (nginx, coturn). Missing ones fail the test with
 * what to install: these tests never skip.
 */
public final class Tools {
  private Tools() {}

  /** The path of {@code program}, looked up in PATH and the usual sbin directories. */
  public static String require(String program, String debianPackage) {
    String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
    for (String dir : (path + ":/usr/sbin:/sbin:/usr/local/sbin").split(":")) {
      Path p = Path.of(dir, program);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new AssertionError(
        program + " is not installed: run scripts/prerequisites as root (or apt-get install -y " + debianPackage + ")");
  }

  /** Runs a command to completion and returns its exit code and combined output. */
  public static Result run(long timeoutSeconds, String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    boolean done = p.waitFor(timeoutSeconds, java.util.concurrent.TimeUnit.SECONDS);
    if (!done) {
      p.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not finish within " + timeoutSeconds + " s");
    }
    return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes()));
  }

  public record Result(int exit, String output) {}
}
