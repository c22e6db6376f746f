package io.podster.http;

import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * Recognises a failure that says a dependency (database, object store) is unreachable rather
 * than that the request or the code is wrong: the caller should retry, so it gets 503
 * {@code unavailable} with {@code Retry-After} instead of 500.
 */
public final class DependencyDown {
  /** The message of vertx-sql-client's pool when no connection came in time (a shared instance). */
  private static final String POOL_TIMEOUT = "Timeout waiting for connection";

  private DependencyDown() {}

  public static boolean is(Throwable failure) {
    int depth = 0;
    for (Throwable t = failure; t != null && depth < 12; t = t.getCause(), depth++) {
      if (t instanceof SQLException sql && connectionState(sql)) {
        return true;
      }
      if (t instanceof ConnectException || t instanceof TimeoutException || t instanceof SQLTransientConnectionException) {
        return true;
      }
      // The S3 client's own kind for "no answer from the service" (refused, reset, timed out);
      // an answer the store gave (403, 404, …) is an S3Exception instead.
      if (t instanceof SdkClientException) {
        return true;
      }
      if (t instanceof VertxException && POOL_TIMEOUT.equals(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  /** SQLSTATE class 08: connection exception, on H2, PostgreSQL and Hikari alike. */
  private static boolean connectionState(SQLException sql) {
    for (SQLException e = sql; e != null; e = e.getNextException()) {
      if (e.getSQLState() != null && e.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }
}
