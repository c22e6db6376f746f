package io.podster.db;

import java.sql.SQLException;

/** Recognises database errors the same way on H2 and PostgreSQL. */
public final class SqlErrors {
  private SqlErrors() {}

  /** SQLSTATE 23505 on both databases: a unique index refused the row. */
  public static boolean isUniqueViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
        return true;
      }
    }
    return false;
  }
}
