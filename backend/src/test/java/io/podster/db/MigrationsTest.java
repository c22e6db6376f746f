package io.podster.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.ThrowawayDatabase;
import io.podster.config.ConfigParser;
import io.podster.config.PodsterConfig;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs on H2 and, in the PostgreSQL pass, on a throwaway PostgreSQL database. */
class MigrationsTest {
  @Test
  @DisplayName("migrations create every table and are a no-op the second time")
  void migrate(@TempDir Path dir) throws Exception {
    try (ThrowawayDatabase pg = ThrowawayDatabase.forThisRun()) {
      JsonObject values = new JsonObject().put("PODSTER_DATA_DIR", dir.toString());
      if (pg.url() != null) {
        values.put("PODSTER_DB_URL", pg.url());
      }
      PodsterConfig.Database db = ConfigParser.parse(values).database();
      assertTrue(Migrations.run(db).migrationsExecuted >= 1);
      assertEquals(0, Migrations.run(db).migrationsExecuted);
      try (Connection c = DriverManager.getConnection(db.url(), db.user(), db.password())) {
        for (String table : List.of("users", "sessions", "rooms", "room_members", "takes", "recordings")) {
          try (ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM " + table)) {
            assertTrue(rs.next());
            assertEquals(0, rs.getLong(1), table);
          }
        }
      }
    }
  }
}
