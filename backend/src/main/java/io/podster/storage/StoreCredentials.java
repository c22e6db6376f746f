package io.podster.storage;

import io.podster.config.ConfigException;
import io.podster.config.SecretFiles;
import io.podster.config.PodsterConfig;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Decides which keys the node signs with. The embedded store needs keys too, but asking an
 * operator to invent them for a laptop install is friction, so they are generated on the first
 * start and kept in the data directory: presigned URLs handed out before a restart stay valid.
 */
public final class StoreCredentials {
  static final String FILE = "s3-keys.json";
  private static final String ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  private StoreCredentials() {}

  public static PodsterConfig.Storage resolve(PodsterConfig.Storage s, Path dataDir) {
    if (s.accessKey() != null && s.secretKey() != null) {
      return s;
    }
    // Half a key pair is a typo, never a request to generate the other half.
    if (s.accessKey() != null) {
      throw new ConfigException("PODSTER_S3_SECRET_KEY", "required when PODSTER_S3_ACCESS_KEY is set");
    }
    if (s.secretKey() != null) {
      throw new ConfigException("PODSTER_S3_ACCESS_KEY", "required when PODSTER_S3_SECRET_KEY is set");
    }
    if (!s.embedded()) {
      throw new ConfigException("PODSTER_S3_ACCESS_KEY", "required when PODSTER_S3_ENDPOINT is set");
    }
    Path file = dataDir.resolve("secrets").resolve(FILE);
    JsonObject keys = Files.exists(file) ? read(file) : create(file);
    return s.withKeys(keys.getString("accessKey"), keys.getString("secretKey"));
  }

  private static JsonObject read(Path file) {
    try {
      JsonObject keys = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
      if (isBlank(keys.getValue("accessKey")) || isBlank(keys.getValue("secretKey"))) {
        throw new DecodeException("accessKey or secretKey missing");
      }
      return keys;
    } catch (IOException | DecodeException e) {
      // Regenerating here would silently orphan every object signed for the old keys' owner.
      throw new ConfigException("PODSTER_DATA_DIR", file + " is unreadable (" + e.getMessage()
          + "); fix or delete it, or set PODSTER_S3_ACCESS_KEY and PODSTER_S3_SECRET_KEY");
    }
  }

  private static JsonObject create(Path file) {
    SecureRandom random = new SecureRandom();
    StringBuilder access = new StringBuilder(20);
    for (int i = 0; i < 20; i++) {
      access.append(ALNUM.charAt(random.nextInt(ALNUM.length())));
    }
    byte[] secret = new byte[30]; // 30 bytes encode to exactly 40 base64url characters
    random.nextBytes(secret);
    JsonObject keys = new JsonObject()
        .put("accessKey", access.toString())
        .put("secretKey", Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
    try {
      // The file's content decides (another start may have written it first), so read it back.
      SecretFiles.readOrCreate(file, keys::encodePrettily);
      return read(file);
    } catch (UncheckedIOException e) {
      throw new ConfigException("PODSTER_DATA_DIR", "cannot write " + file + " (" + e.getCause() + ")");
    }
  }

  private static boolean isBlank(Object v) {
    return !(v instanceof String) || ((String) v).isBlank();
  }
}
