package io.podster.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The data directory holds secrets, the embedded database (password hashes) and the embedded
 * store's recordings: only the node's user may read it. Directories get 700 and files 600, also
 * those an older version or another tool left readable (the JVM cannot set its own umask, so files
 * H2 or the store create later keep the process's: the shipped systemd unit sets {@code UMask=0077},
 * and the 700 directories keep everyone else out meanwhile).
 */
public final class DataDirectory {
  private static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

  private DataDirectory() {}

  /** Creates {@code dir} if missing and narrows everything under it; blocking. */
  public static void secure(Path dir) {
    boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    try {
      if (!Files.isDirectory(dir)) {
        if (posix) {
          Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DIRECTORY));
        } else {
          Files.createDirectories(dir);
        }
      }
      if (!posix) {
        return;
      }
      try (Stream<Path> all = Files.walk(dir)) {
        all.forEach(DataDirectory::narrow);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot secure the data directory " + dir, e);
    }
  }

  private static void narrow(Path p) {
    try {
      // Links are left alone: chmod would follow one out of the data directory.
      Set<PosixFilePermission> wanted =
          Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? DIRECTORY
              : Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) ? FILE : null;
      if (wanted != null && !Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS).equals(wanted)) {
        Files.setPosixFilePermissions(p, wanted);
      }
    } catch (java.nio.file.NoSuchFileException gone) {
      // a temporary file removed while we walked
    } catch (IOException e) {
      throw new UncheckedIOException("cannot narrow the permissions of " + p, e);
    }
  }
}
