package io.podster.storage;

import io.podster.config.PodsterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

/** Builds a real embedded store on a free loopback port in a test's temporary directory. */
final class TestStores {
  static final String BUCKET = "podster-test";
  static final String ORIGIN = "http://127.0.0.1:8080";

  private TestStores() {}

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0, 0, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Embedded settings with keys resolved the way a node resolves them. */
  static PodsterConfig.Storage embedded(Path dataDir, int port) {
    PodsterConfig.Storage s =
        new PodsterConfig.Storage(null, port, "us-east-1", BUCKET, null, null, true);
    return StoreCredentials.resolve(s, dataDir);
  }

  static EmbeddedObjectStore start(PodsterConfig.Storage s, Path dataDir) {
    return EmbeddedObjectStore.start(s, dataDir, List.of(ORIGIN));
  }
}
