package io.podster.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything a node is configured with, read once at start-up and passed to whatever needs a part
 * of it. Secrets that may be generated (JWT key, store keys) are resolved later, at start-up,
 * because generating them writes to the data directory.
 */
public record PodsterConfig(
    Http http,
    Path dataDir,
    Database database,
    Storage storage,
    Cluster cluster,
    Ice ice,
    Limits limits,
    String jwtSecret,
    long quotaBytes,
    Duration uploadIdleAge,
    Ops ops) {

  /**
   * {@code eventLoops}: how many event loops serve the listener, each with its own signaling
   * sockets and rooms ({@code signaling.SignalingServer}); one unless configured.
   */
  public record Http(String host, int port, URI publicUrl, int eventLoops) {
    /** Secure cookies and HSTS only make sense when users reach us over TLS. */
    public boolean secure() {
      return "https".equalsIgnoreCase(publicUrl.getScheme());
    }

    /** The public URL without a trailing slash, as browsers send it in {@code Origin}. */
    public String origin() {
      String s = publicUrl.getScheme() + "://" + publicUrl.getHost();
      return publicUrl.getPort() == -1 ? s : s + ":" + publicUrl.getPort();
    }
  }

  public record Database(String url, String user, String password) {
    public boolean postgres() {
      return url.startsWith("jdbc:postgresql:");
    }
  }

  /**
   * Object store settings. {@code endpoint} is null when the node runs its embedded store; keys
   * are null when they should be generated once into the data directory.
   */
  public record Storage(
      String endpoint,
      int embeddedPort,
      String region,
      String bucket,
      String accessKey,
      String secretKey,
      boolean pathStyle) {
    public boolean embedded() {
      return endpoint == null;
    }

    /** The endpoint clients (and browsers) talk to, embedded or not. */
    public String effectiveEndpoint() {
      return embedded() ? "http://127.0.0.1:" + embeddedPort : endpoint;
    }

    public Storage withKeys(String access, String secret) {
      return new Storage(endpoint, embeddedPort, region, bucket, access, secret, pathStyle);
    }
  }

  /**
   * Clustering: Hazelcast on {@code host:port}, the event bus on {@code host:busPort}; {@code tls}
   * null when the event bus is plain TCP, which only a loopback host or {@code insecure} allows.
   */
  public record Cluster(
      boolean enabled, String host, int port, List<String> members, int busPort, Tls tls, boolean insecure) {
    /** A standalone node's settings, or a cluster without TLS (loopback only). */
    public Cluster(boolean enabled, String host, int port, List<String> members) {
      this(enabled, host, port, members, 5702, null, false);
    }

    /** Why this node must not cluster as configured, or null: plain TCP on a reachable address. */
    public String refusal() {
      if (!enabled || tls != null || insecure || loopback(host)) {
        return null;
      }
      return "PODSTER_CLUSTER_HOST " + host + " is not a loopback address: set PODSTER_CLUSTER_TLS_CERT,"
          + " PODSTER_CLUSTER_TLS_KEY and PODSTER_CLUSTER_TLS_CA (mutual TLS between nodes), or"
          + " PODSTER_CLUSTER_INSECURE=true on a private network you trust";
    }

    /** Only IP literals and {@code localhost}: a host name is not resolved here, so it counts as reachable. */
    static boolean loopback(String host) {
      if ("localhost".equalsIgnoreCase(host)) {
        return true;
      }
      if (!host.matches("[0-9.]+|\\[?[0-9a-fA-F.]*:[0-9a-fA-F:.]*]?")) {
        return false;
      }
      try {
        return java.net.InetAddress.getByName(host).isLoopbackAddress();
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
  }

  /** PEM files: this node's certificate chain and private key, and the CA every node's certificate is signed by. */
  public record Tls(Path cert, Path key, Path ca) {}

  /** {@code turnTtl}: how long a TURN REST credential handed out in {@code joined} stays valid. */
  public record Ice(List<String> stunUrls, List<String> turnUrls, String turnSecret, Duration turnTtl) {}

  /**
   * Operator-facing settings: the bearer token for the admin listener (null: open), the proxies
   * (addresses or CIDR ranges) whose {@code X-Forwarded-For} is believed, and where the admin
   * listener ({@code /metrics}, {@code /health/cluster}) binds: apart from the public one, so it
   * can stay on loopback or a private network.
   */
  public record Ops(String metricsToken, List<String> trustedProxies, String adminHost, int adminPort) {}

  /** Abuse limits (counted per node), and how long a dropped signaling peer may come back. */
  public record Limits(
      int loginFailuresPerAccount,
      int loginFailuresPerAddress,
      Duration loginWindow,
      int signupsPerAddress,
      Duration signupWindow,
      Duration resumeGrace) {}

  public PodsterConfig withStorage(Storage s) {
    return new PodsterConfig(http, dataDir, database, s, cluster, ice, limits, jwtSecret, quotaBytes, uploadIdleAge, ops);
  }

  public PodsterConfig withJwtSecret(String secret) {
    return new PodsterConfig(http, dataDir, database, storage, cluster, ice, limits, secret, quotaBytes, uploadIdleAge, ops);
  }
}
