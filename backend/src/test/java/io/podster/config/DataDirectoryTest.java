package io.podster.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.TestNode;
import io.podster.db.Database;
import io.vertx.sqlclient.Pool;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class DataDirectoryTest {
  @Test
  @DisplayName("a data dir made readable by all (755, files 644) is narrowed at start: directories 700, files 600, links not followed")
  void narrowsWhatIsThere() throws Exception {
    Path dir = Files.createTempDirectory("podster-perms");
    Path outside = Files.createTempFile("podster-outside", ".txt");
    Files.setPosixFilePermissions(outside, PosixFilePermissions.fromString("rw-r--r--"));
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    Path sub = Files.createDirectories(dir.resolve("objects").resolve("bucket"));
    Path file = Files.writeString(sub.resolve("part"), "bytes");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    Files.createSymbolicLink(dir.resolve("link"), outside);

    DataDirectory.secure(dir);

    assertEquals("rwx------", mode(dir));
    assertEquals("rwx------", mode(dir.resolve("objects")));
    assertEquals("rwx------", mode(sub));
    assertEquals("rw-------", mode(file));
    assertEquals("rw-r--r--", mode(outside), "a link out of the data dir is not followed");
  }

  @Test
  @DisplayName("a node started on a 755 data dir leaves it 700 with secrets and H2 files 600, and H2 writes no trace file")
  void nodeDataDir() throws Exception {
    Path dir = Files.createTempDirectory("podster-node-perms");
    Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
    try (TestNode node = TestNode.start(dir, java.util.Map.of())) {
      // A failing statement: H2's default trace level would write it to podster.trace.db.
      Pool pool = Database.pool(node.node().vertx(), node.node().config().database());
      try {
        assertTrue(pool.query("SELECT * FROM no_such_table").execute().await(10, TimeUnit.SECONDS) == null);
      } catch (Exception expected) {
        // the failure is the point
      } finally {
        pool.close().await(10, TimeUnit.SECONDS);
      }
      assertEquals("rwx------", mode(dir));
      for (String sub : List.of("secrets", "objects")) {
        assertEquals("rwx------", mode(dir.resolve(sub)), sub);
      }
      try (Stream<Path> secrets = Files.list(dir.resolve("secrets"))) {
        for (Path s : secrets.toList()) {
          assertEquals("rw-------", mode(s), s.toString());
        }
      }
      if (!node.node().config().database().postgres()) {
        assertEquals("rwx------", mode(dir.resolve("db")));
        try (Stream<Path> db = Files.list(dir.resolve("db"))) {
          List<Path> files = db.toList();
          assertFalse(files.isEmpty());
          for (Path f : files) {
            assertFalse(f.getFileName().toString().endsWith(".trace.db"), "H2 trace file written: " + f);
            assertEquals("rw-------", mode(f), f.toString());
          }
        }
      }
    }
  }

  private static String mode(Path p) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
  }
}
