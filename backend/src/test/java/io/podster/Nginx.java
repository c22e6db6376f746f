package io.podster;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Debian's nginx running the shipped {@code infra/nginx/podster.conf}, rendered for loopback: it
 * listens on a free port and balances across the given node ports. Everything it writes stays in
 * a temporary directory.
 */
public final class Nginx implements AutoCloseable {
  public static final Path SHIPPED = Path.of("..", "infra", "nginx", "podster.conf");
  private final Process process;
  private final int port;
  private final Path dir;

  private Nginx(Process process, int port, Path dir) {
    this.process = process;
    this.port = port;
    this.dir = dir;
  }

  /** The shipped config with its listen address and upstream servers replaced. */
  public static String render(int listenPort, List<Integer> nodePorts) throws IOException {
    String conf = Files.readString(SHIPPED);
    String servers =
        nodePorts.stream()
            .map(p -> "    server 127.0.0.1:" + p + " max_fails=1 fail_timeout=5s;")
            .collect(Collectors.joining("\n"));
    String rendered =
        conf.replaceAll("(?m)^    server \\S+:\\d+ [^\\n]*\\n", "")
            .replace("    keepalive 32;", servers + "\n    keepalive 32;")
            .replace("listen 80;", "listen 127.0.0.1:" + listenPort + ";");
    if (rendered.equals(conf) || !rendered.contains("127.0.0.1:" + nodePorts.get(0))) {
      throw new AssertionError("infra/nginx/podster.conf no longer has the shape the tests render");
    }
    return rendered;
  }

  /** Writes the main config around the rendered site into a fresh directory; returns the main file. */
  public static Path prepare(int listenPort, List<Integer> nodePorts) throws IOException {
    Path dir = Files.createTempDirectory("podster-nginx");
    Files.writeString(dir.resolve("podster.conf"), render(listenPort, nodePorts));
    String temp = dir.resolve("tmp").toString();
    Files.createDirectories(dir.resolve("tmp"));
    String main =
        String.join(
            "\n",
            "daemon off;",
            "worker_processes 1;",
            "pid " + dir.resolve("nginx.pid") + ";",
            "error_log " + dir.resolve("error.log") + " warn;",
            "root".equals(System.getProperty("user.name")) ? "user root;" : "",
            "events { worker_connections 512; }",
            "http {",
            "  access_log " + dir.resolve("access.log") + ";",
            "  client_body_temp_path " + temp + "/body;",
            "  proxy_temp_path " + temp + "/proxy;",
            "  fastcgi_temp_path " + temp + "/fastcgi;",
            "  uwsgi_temp_path " + temp + "/uwsgi;",
            "  scgi_temp_path " + temp + "/scgi;",
            "  include " + dir.resolve("podster.conf") + ";",
            "}",
            "");
    Path file = dir.resolve("nginx.conf");
    Files.writeString(file, main);
    return file;
  }

  /** {@code nginx -t} on a prepared config. */
  public static Tools.Result test(Path mainConfig) throws Exception {
    String nginx = Tools.require("nginx", "nginx");
    return Tools.run(30, nginx, "-t", "-c", mainConfig.toString(), "-p", mainConfig.getParent().toString() + "/", "-e", mainConfig.getParent().resolve("error.log").toString());
  }

  public static Nginx start(List<Integer> nodePorts) throws Exception {
    String nginx = Tools.require("nginx", "nginx");
    int port = TestNode.freePort();
    Path conf = prepare(port, nodePorts);
    Path dir = conf.getParent();
    Process p =
        new ProcessBuilder(nginx, "-c", conf.toString(), "-p", dir + "/", "-e", dir.resolve("error.log").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("stdout.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("nginx exited: " + Files.readString(dir.resolve("stdout.log")) + readIfExists(dir.resolve("error.log")));
      }
      try (Socket s = new Socket("127.0.0.1", port)) {
        return new Nginx(p, port, dir);
      } catch (IOException notYet) {
        Thread.sleep(100);
      }
    }
    p.destroyForcibly();
    throw new AssertionError("nginx did not listen on " + port);
  }

  private static String readIfExists(Path p) throws IOException {
    return Files.exists(p) ? Files.readString(p) : "";
  }

  public int port() {
    return port;
  }

  public String errorLog() throws IOException {
    return readIfExists(dir.resolve("error.log"));
  }

  @Override
  public void close() throws Exception {
    process.destroy(); // SIGTERM: fast shutdown
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
