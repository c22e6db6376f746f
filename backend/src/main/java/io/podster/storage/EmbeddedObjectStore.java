package io.podster.storage;

import io.podster.config.ConfigException;
import io.podster.config.PodsterConfig;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;
import org.gaul.s3proxy.BlobStores;
import org.gaul.s3proxy.CrossOriginResourceSharing;
import org.gaul.s3proxy.S3Proxy;

/**
 * An S3-compatible store inside the node (S3Proxy over the local filesystem), so that a single
 * node runs with no external service yet browsers still upload through real SigV4 presigned
 * multipart URLs: the same code path as against AWS S3 or MinIO.
 */
public final class EmbeddedObjectStore implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
  private static final List<String> CORS_METHODS = List.of("GET", "PUT", "POST", "HEAD");
  // Content-Type: a fetch() PUT of a typed Blob (video/webm) is not CORS-safelisted, so it is
  // preflighted. Content-MD5: lets a client ask the store to verify a part's bytes.
  private static final List<String> CORS_HEADERS = List.of("Content-Type", "Content-MD5");
  // The browser must read each part's ETag to complete the multipart upload, and a throttling
  // answer's Retry-After to wait as long as the store asks.
  private static final List<String> CORS_EXPOSED = List.of("ETag", "Retry-After");

  private final S3Proxy proxy;

  private EmbeddedObjectStore(S3Proxy proxy) {
    this.proxy = proxy;
  }

  /** Blocks until the store answers (about a second); call it off the event loop. */
  public static EmbeddedObjectStore start(
      PodsterConfig.Storage s, Path dataDir, List<String> corsOrigins) {
    if (s.accessKey() == null || s.secretKey() == null) {
      throw new IllegalArgumentException("resolve the keys with StoreCredentials first");
    }
    Path objects = dataDir.resolve("objects");
    Properties p = new Properties();
    p.setProperty("s3proxy.endpoint", "http://127.0.0.1:" + s.embeddedPort());
    p.setProperty("s3proxy.authorization", "aws-v2-or-v4");
    p.setProperty("s3proxy.identity", s.accessKey());
    p.setProperty("s3proxy.credential", s.secretKey());
    p.setProperty("jclouds.provider", "filesystem");
    p.setProperty("jclouds.filesystem.basedir", objects.toString());
    p.setProperty("jclouds.identity", s.accessKey());
    p.setProperty("jclouds.credential", s.secretKey());
    S3Proxy proxy;
    try {
      Files.createDirectories(objects);
      proxy = S3Proxy.Builder.fromProperties(p)
          .blobStore(BlobStores.create("filesystem", p))
          .corsRules(cors(corsOrigins))
          .build();
    } catch (Exception e) {
      throw new IllegalStateException("cannot set up the embedded object store: " + e.getMessage(), e);
    }
    EmbeddedObjectStore store = new EmbeddedObjectStore(proxy);
    try {
      proxy.start();
      store.awaitStarted(s.embeddedPort());
      return store;
    } catch (Exception e) {
      store.close(); // Jetty keeps its threads alive after a failed start unless stopped
      if (causedBy(e, BindException.class)) {
        throw new ConfigException("PODSTER_S3_EMBEDDED_PORT",
            "port " + s.embeddedPort() + " on 127.0.0.1 is already in use; choose another port"
                + " or set PODSTER_S3_ENDPOINT to use an external store");
      }
      if (e instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException("embedded object store failed to start: " + e.getMessage(), e);
    }
  }

  /**
   * S3Proxy reads allowed origins as regular expressions; quoting them keeps the dots in
   * {@code http://127.0.0.1:8080} literal, so no look-alike origin slips through.
   */
  private static CrossOriginResourceSharing cors(List<String> origins) {
    if (origins.isEmpty()) {
      return CrossOriginResourceSharing.disabled();
    }
    return new CrossOriginResourceSharing(
        origins.stream().map(Pattern::quote).toList(), CORS_METHODS, CORS_HEADERS, CORS_EXPOSED, "");
  }

  private void awaitStarted(int port) throws InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (!"STARTED".equals(proxy.getState())) {
      if ("FAILED".equals(proxy.getState())) {
        throw new IllegalStateException("embedded object store on port " + port + " failed to start");
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("embedded object store on port " + port
            + " did not start within " + START_TIMEOUT.toSeconds() + " s");
      }
      Thread.sleep(20);
    }
  }

  private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (type.isInstance(t)) {
        return true;
      }
    }
    return false;
  }

  public int port() {
    return proxy.getPort();
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("embedded object store did not stop cleanly", e);
    }
  }
}
