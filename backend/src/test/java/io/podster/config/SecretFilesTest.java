package io.podster.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  @Test
  @DisplayName("a generated secret is written once with mode 600 and read back on the next start")
  void generatedOnce(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("secrets").resolve("jwt.key");
    String first = SecretFiles.readOrCreate(file, () -> "first-secret");
    String second = SecretFiles.readOrCreate(file, () -> "second-secret");
    assertEquals("first-secret", first);
    assertEquals(first, second);
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
  }
}
