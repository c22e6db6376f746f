package io.podster.db;

import io.podster.config.PodsterConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Brings the schema up to date before anything touches it. Blocking: run off the event loop. */
public final class Migrations {
  private Migrations() {}

  public static MigrateResult run(PodsterConfig.Database db) {
    return Flyway.configure()
        .dataSource(db.url(), db.user(), db.password())
        .locations("classpath:db/migration")
        .load()
        .migrate();
  }
}
