package io.podster.config;

import io.podster.net.AddressRange;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the merged key/value view (defaults, then JSON file, then environment; keys are the
 * {@code PODSTER_*} variable names) into a validated {@link PodsterConfig}. Every problem names
 * the variable so an operator can fix it from the one log line.
 */
public final class ConfigParser {
  static final int MAX_EVENT_LOOPS = 64;
  private final JsonObject values;

  private ConfigParser(JsonObject values) {
    this.values = values;
  }

  public static PodsterConfig parse(JsonObject values) {
    return new ConfigParser(values).build();
  }

  private PodsterConfig build() {
    Path dataDir = Path.of(string("PODSTER_DATA_DIR", "./data")).toAbsolutePath().normalize();
    PodsterConfig.Http http =
        new PodsterConfig.Http(
            string("PODSTER_HTTP_HOST", "127.0.0.1"),
            port("PODSTER_HTTP_PORT", 8080),
            publicUrl(),
            eventLoops());
    PodsterConfig.Database db = database(dataDir);
    PodsterConfig.Storage storage = storage();
    PodsterConfig.Cluster cluster = cluster();
    PodsterConfig.Ice ice =
        new PodsterConfig.Ice(
            list("PODSTER_STUN_URLS"),
            list("PODSTER_TURN_URLS"),
            optional("PODSTER_TURN_SECRET"),
            Duration.ofSeconds(positiveInt("PODSTER_TURN_TTL_SECONDS", 12 * 3600)));
    PodsterConfig.Limits limits =
        new PodsterConfig.Limits(
            positiveInt("PODSTER_LOGIN_FAILURES_PER_ACCOUNT", 5),
            positiveInt("PODSTER_LOGIN_FAILURES_PER_ADDRESS", 20),
            Duration.ofSeconds(positiveInt("PODSTER_LOGIN_WINDOW_SECONDS", 900)),
            positiveInt("PODSTER_SIGNUPS_PER_ADDRESS", 10),
            Duration.ofSeconds(positiveInt("PODSTER_SIGNUP_WINDOW_SECONDS", 3600)),
            Duration.ofSeconds(positiveInt("PODSTER_RESUME_GRACE_SECONDS", 30)));
    String jwtSecret = optional("PODSTER_JWT_SECRET");
    if (jwtSecret != null && jwtSecret.getBytes(StandardCharsets.UTF_8).length < 32) {
      throw new ConfigException("PODSTER_JWT_SECRET", "must be at least 32 bytes");
    }
    if (cluster.enabled() && jwtSecret == null) {
      // Every node must verify every other node's tokens, so a per-node generated key cannot work.
      throw new ConfigException("PODSTER_JWT_SECRET", "required when PODSTER_CLUSTER=true");
    }
    if (ice.turnUrls().isEmpty() != (ice.turnSecret() == null)) {
      throw new ConfigException(
          "PODSTER_TURN_SECRET", "PODSTER_TURN_URLS and PODSTER_TURN_SECRET go together");
    }
    long quota = positiveLong("PODSTER_QUOTA_BYTES", 10L * 1024 * 1024 * 1024);
    // Unfinished uploads idle this long are aborted by the janitor (recording.UploadJanitor). Thirty
    // days: a crashed tab's chunks wait in its browser, and the person may come back weeks later.
    Duration uploadIdle = Duration.ofHours(positiveInt("PODSTER_UPLOAD_IDLE_HOURS", 720));
    PodsterConfig.Ops ops =
        new PodsterConfig.Ops(
            optional("PODSTER_METRICS_TOKEN"),
            trustedProxies(),
            string("PODSTER_ADMIN_HOST", "127.0.0.1"),
            port("PODSTER_ADMIN_PORT", 9464));
    if (ops.adminPort() != 0 && ops.adminPort() == http.port()) {
      throw new ConfigException("PODSTER_ADMIN_PORT", "must differ from PODSTER_HTTP_PORT: the admin listener is a separate one");
    }
    return new PodsterConfig(http, dataDir, db, storage, cluster, ice, limits, jwtSecret, quota, uploadIdle, ops);
  }

  private URI publicUrl() {
    String raw = string("PODSTER_PUBLIC_URL", "http://127.0.0.1:8080");
    try {
      URI uri = new URI(raw);
      if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
          || uri.getHost() == null) {
        throw new ConfigException("PODSTER_PUBLIC_URL", "must be an http:// or https:// URL");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new ConfigException("PODSTER_PUBLIC_URL", "is not a URL: " + raw);
    }
  }

  /**
   * One by default (below); an operator with idle cores and a saturated loop raises it. Capped,
   * so a typo cannot start thousands of servers.
   */
  private int eventLoops() {
    String key = "PODSTER_EVENT_LOOPS";
    String v = optional(key);
    if (v == null) {
      // One unless asked: on two cores two loops cost a third more CPU per signal and halved
      // the saturation rate (scripts/bench/signaling), and more loops are untested in the browser.
      return 1;
    }
    int n;
    try {
      n = Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a whole number from 1 to " + MAX_EVENT_LOOPS + ", not '" + v + "'");
    }
    if (n < 1 || n > MAX_EVENT_LOOPS) {
      throw new ConfigException(key, "must be from 1 to " + MAX_EVENT_LOOPS + ", not " + n);
    }
    return n;
  }

  private PodsterConfig.Database database(Path dataDir) {
    String url = optional("PODSTER_DB_URL");
    if (url == null) {
      url =
          "jdbc:h2:file:"
              + dataDir.resolve("db").resolve("podster")
              + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
              // No .trace.db: H2 would write failed statements there, with their values.
              + ";TRACE_LEVEL_FILE=0"
              // The node closes the database itself after draining; H2's own exit hook would
              // close it under requests still in flight during a graceful stop.
              + ";DB_CLOSE_ON_EXIT=FALSE";
    } else if (!url.startsWith("jdbc:postgresql:") && !url.startsWith("jdbc:h2:")) {
      throw new ConfigException("PODSTER_DB_URL", "must start with jdbc:postgresql: or jdbc:h2:");
    }
    return new PodsterConfig.Database(
        url, string("PODSTER_DB_USER", url.startsWith("jdbc:h2:") ? "sa" : "postgres"),
        string("PODSTER_DB_PASSWORD", ""));
  }

  private PodsterConfig.Storage storage() {
    String endpoint = optional("PODSTER_S3_ENDPOINT");
    if (endpoint != null && !endpoint.matches("https?://.+")) {
      throw new ConfigException("PODSTER_S3_ENDPOINT", "must be an http:// or https:// URL");
    }
    String bucket = string("PODSTER_S3_BUCKET", "podster");
    if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
      throw new ConfigException("PODSTER_S3_BUCKET", "is not a valid bucket name");
    }
    return new PodsterConfig.Storage(
        endpoint,
        port("PODSTER_S3_EMBEDDED_PORT", 9000),
        string("PODSTER_S3_REGION", "us-east-1"),
        bucket,
        optional("PODSTER_S3_ACCESS_KEY"),
        optional("PODSTER_S3_SECRET_KEY"),
        bool("PODSTER_S3_PATH_STYLE", true));
  }

  private PodsterConfig.Cluster cluster() {
    int port = port("PODSTER_CLUSTER_PORT", 5701);
    int busPort = port("PODSTER_CLUSTER_BUS_PORT", 5702);
    if (busPort == port && port != 0) {
      throw new ConfigException("PODSTER_CLUSTER_BUS_PORT", "must differ from PODSTER_CLUSTER_PORT (" + port + ")");
    }
    PodsterConfig.Cluster cluster =
        new PodsterConfig.Cluster(
            bool("PODSTER_CLUSTER", false),
            string("PODSTER_CLUSTER_HOST", "127.0.0.1"),
            port,
            members(),
            busPort,
            tls(),
            bool("PODSTER_CLUSTER_INSECURE", false));
    String refusal = cluster.refusal();
    if (refusal != null) {
      throw new ConfigException("PODSTER_CLUSTER_TLS_CERT", refusal);
    }
    return cluster;
  }

  /** All three files or none; each must be readable now, not at the first connection between nodes. */
  private PodsterConfig.Tls tls() {
    List<String> keys = List.of("PODSTER_CLUSTER_TLS_CERT", "PODSTER_CLUSTER_TLS_KEY", "PODSTER_CLUSTER_TLS_CA");
    List<Path> paths = keys.stream().map(k -> optional(k) == null ? null : Path.of(optional(k))).toList();
    if (paths.stream().allMatch(java.util.Objects::isNull)) {
      return null;
    }
    for (int i = 0; i < keys.size(); i++) {
      if (paths.get(i) == null) {
        throw new ConfigException(keys.get(i), "required with " + String.join(", ", keys) + " (all three or none)");
      }
    }
    for (int i = 0; i < keys.size(); i++) {
      if (!java.nio.file.Files.isReadable(paths.get(i))) {
        throw new ConfigException(keys.get(i), "cannot read " + paths.get(i));
      }
    }
    return new PodsterConfig.Tls(paths.get(0), paths.get(1), paths.get(2));
  }

  private List<String> members() {
    List<String> members = list("PODSTER_CLUSTER_MEMBERS");
    for (String m : members) {
      if (!m.matches("[^:\\s]+:\\d{1,5}")) {
        throw new ConfigException("PODSTER_CLUSTER_MEMBERS", "'" + m + "' is not host:port");
      }
    }
    return members;
  }

  private List<String> trustedProxies() {
    List<String> proxies = list("PODSTER_TRUSTED_PROXIES");
    for (String p : proxies) {
      if (!AddressRange.valid(p)) {
        throw new ConfigException("PODSTER_TRUSTED_PROXIES", "'" + p + "' is not an IP address or CIDR range");
      }
    }
    return proxies;
  }

  private String optional(String key) {
    Object v = values.getValue(key);
    if (v == null) {
      return null;
    }
    String s = String.valueOf(v).trim();
    return s.isEmpty() ? null : s;
  }

  private String string(String key, String fallback) {
    String v = optional(key);
    return v == null ? fallback : v;
  }

  private List<String> list(String key) {
    String v = optional(key);
    if (v == null) {
      return List.of();
    }
    return Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  private boolean bool(String key, boolean fallback) {
    String v = optional(key);
    if (v == null) {
      return fallback;
    }
    return switch (v.toLowerCase()) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new ConfigException(key, "must be true or false, not '" + v + "'");
    };
  }

  private long positiveLong(String key, long fallback) {
    String v = optional(key);
    if (v == null) {
      return fallback;
    }
    try {
      long n = Long.parseLong(v);
      if (n <= 0) {
        throw new ConfigException(key, "must be a positive number, not " + v);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(key, "must be a whole number, not '" + v + "'");
    }
  }

  private int positiveInt(String key, int fallback) {
    long n = positiveLong(key, fallback);
    if (n > Integer.MAX_VALUE) {
      throw new ConfigException(key, "is too large");
    }
    return (int) n;
  }

  private int port(String key, int fallback) {
    String v = optional(key);
    if ("0".equals(v)) {
      return 0; // an ephemeral port, used by tests and benchmarks
    }
    int p = positiveInt(key, fallback);
    if (p > 65535) {
      throw new ConfigException(key, "must be a port number (1-65535), not " + p);
    }
    return p;
  }
}
