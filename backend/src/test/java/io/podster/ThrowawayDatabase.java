package io.podster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * On PostgreSQL runs, a fresh database per test node, dropped afterwards; on H2 runs nothing (the
 * node's data dir holds its own file database).
 */
public final class ThrowawayDatabase implements AutoCloseable {
  private final String adminUrl;
  private final String name;

  private ThrowawayDatabase(String adminUrl, String name) {
    this.adminUrl = adminUrl;
    this.name = name;
  }

  public static ThrowawayDatabase forThisRun() {
    if (!"postgres".equals(System.getProperty("podster.test.db"))) {
      return new ThrowawayDatabase(null, null);
    }
    return postgres();
  }

  /** A fresh PostgreSQL database whatever the run: what several nodes share, as they would in production. */
  public static ThrowawayDatabase postgres() {
    String admin = System.getProperty("podster.test.pg.url", "jdbc:postgresql://127.0.0.1:5432/postgres");
    String name = "podster_t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
    run(admin, "CREATE DATABASE " + name);
    return new ThrowawayDatabase(admin, name);
  }

  /** The JDBC URL for the node, or null when the node should use its embedded H2. */
  public String url() {
    return name == null ? null : adminUrl.substring(0, adminUrl.lastIndexOf('/') + 1) + name;
  }

  @Override
  public void close() {
    if (name != null) {
      run(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }
  }

  private static void run(String url, String sql) {
    try (Connection c = DriverManager.getConnection(url, "postgres", "");
        Statement s = c.createStatement()) {
      s.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + url + ": " + e.getMessage(), e);
    }
  }
}
