package io.podster.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;

/**
 * A secret generated once and kept in the data directory, readable by the node's user only. It is
 * written under a temporary name with its final mode from the first byte, then moved into place,
 * so a crash never leaves a half-written or world-readable file, and of two racing starts the
 * second reads the first one's secret.
 */
public final class SecretFiles {
  private SecretFiles() {}

  public static String readOrCreate(Path file, Supplier<String> generator) {
    try {
      if (Files.exists(file)) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      }
      Files.createDirectories(file.getParent().getParent()); // the data dir keeps its usual mode
      Files.createDirectories(file.getParent(), ownerOnly("rwx------"));
      String secret = generator.get();
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp", ownerOnly("rw-------"));
      try {
        Files.writeString(tmp, secret, StandardCharsets.UTF_8);
        Files.move(tmp, file); // no REPLACE_EXISTING: if another start won the race, use its secret
        return secret;
      } catch (FileAlreadyExistsException raced) {
        return Files.readString(file, StandardCharsets.UTF_8).trim();
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create secret " + file, e);
    }
  }

  private static FileAttribute<?>[] ownerOnly(String perms) {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[0];
    }
    return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(perms))};
  }
}
