package io.podster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.config.ConfigException;
import io.podster.config.PodsterConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoreCredentialsTest {
  private static PodsterConfig.Storage storage(String endpoint, String access, String secret) {
    return new PodsterConfig.Storage(endpoint, 9000, "us-east-1", "podster", access, secret, true);
  }

  @Test
  @DisplayName("embedded keys are generated once, kept with mode 600, and come back on the next start")
  void generatesOnceAndReadsBack(@TempDir Path dataDir) throws Exception {
    PodsterConfig.Storage first = StoreCredentials.resolve(storage(null, null, null), dataDir);

    assertTrue(first.accessKey().matches("[A-Z0-9]{20}"), first.accessKey());
    assertTrue(first.secretKey().matches("[A-Za-z0-9_-]{40}"), first.secretKey());
    Path file = dataDir.resolve("secrets").resolve("s3-keys.json");
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertEquals("rwx------",
        PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())));
    assertTrue(Files.readString(file).contains(first.secretKey()));

    PodsterConfig.Storage second = StoreCredentials.resolve(storage(null, null, null), dataDir);
    assertEquals(first.accessKey(), second.accessKey());
    assertEquals(first.secretKey(), second.secretKey());
    try (var files = Files.list(file.getParent())) {
      assertEquals(1, files.count(), "no temporary file is left behind");
    }
  }

  @Test
  @DisplayName("two data directories get different keys")
  void keysAreRandom(@TempDir Path a, @TempDir Path b) {
    PodsterConfig.Storage one = StoreCredentials.resolve(storage(null, null, null), a);
    PodsterConfig.Storage two = StoreCredentials.resolve(storage(null, null, null), b);
    assertNotEquals(one.accessKey(), two.accessKey());
    assertNotEquals(one.secretKey(), two.secretKey());
  }

  @Test
  @DisplayName("configured keys are used as they are and nothing is written")
  void configuredKeysKept(@TempDir Path dataDir) {
    PodsterConfig.Storage s = storage(null, "AKIAEXAMPLE", "secret-example");
    assertSame(s, StoreCredentials.resolve(s, dataDir));
    PodsterConfig.Storage external = storage("https://s3.example.com", "AK", "SK");
    assertSame(external, StoreCredentials.resolve(external, dataDir));
    assertTrue(Files.notExists(dataDir.resolve("secrets")));
  }

  @Test
  @DisplayName("an external endpoint without keys stops the node naming PODSTER_S3_ACCESS_KEY")
  void externalEndpointNeedsKeys(@TempDir Path dataDir) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> StoreCredentials.resolve(storage("https://s3.example.com", null, null), dataDir));
    assertEquals("PODSTER_S3_ACCESS_KEY: required when PODSTER_S3_ENDPOINT is set", e.getMessage());
    assertTrue(Files.notExists(dataDir.resolve("secrets")));
  }

  @Test
  @DisplayName("half a key pair names the missing variable instead of generating the other half")
  void halfAKeyPairFails(@TempDir Path dataDir) {
    ConfigException e = assertThrows(ConfigException.class,
        () -> StoreCredentials.resolve(storage(null, "AKIAEXAMPLE", null), dataDir));
    assertTrue(e.getMessage().startsWith("PODSTER_S3_SECRET_KEY:"), e.getMessage());
  }

  @Test
  @DisplayName("a damaged key file stops the node rather than silently replacing the keys")
  void damagedFileFails(@TempDir Path dataDir) throws Exception {
    Path file = dataDir.resolve("secrets").resolve("s3-keys.json");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "{\"accessKey\":\"ONLYHALF\"}");
    ConfigException e = assertThrows(ConfigException.class,
        () -> StoreCredentials.resolve(storage(null, null, null), dataDir));
    assertTrue(e.getMessage().startsWith("PODSTER_DATA_DIR:"), e.getMessage());
    assertEquals("{\"accessKey\":\"ONLYHALF\"}", Files.readString(file));
  }
}
