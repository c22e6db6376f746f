package io.podster.db;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Works around vertx-jdbc-client 5.0.x (issue vert-x3/vertx-jdbc-client#356, fixed upstream in
 * #358, not in 5.0.10): after a transaction's COMMIT or ROLLBACK it sets autocommit to
 * <em>false</em> and returns the connection to the pool, so later plain queries on it run in an
 * implicit transaction that is never committed (rows silently invisible, locks held). Here, the
 * {@code setAutoCommit(false)} that follows a commit/rollback is turned into {@code true}.
 * The connections come from {@code connections} (the validating pool under Vert.x's, see
 * {@link Database}); closing one gives it back there. A failure on a connection that pool has
 * dropped is reported as the connection failure it is (SQLSTATE 08003).
 */
final class AutoCommitRestoringDataSource implements DataSource {
  private final DataSource connections;

  AutoCommitRestoringDataSource(DataSource connections) {
    this.connections = connections;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return wrap(connections.getConnection());
  }

  @Override
  public Connection getConnection(String u, String p) throws SQLException {
    return wrap(connections.getConnection(u, p));
  }

  private static Connection wrap(Connection real) {
    InvocationHandler handler =
        new InvocationHandler() {
          private boolean justEnded;

          @Override
          public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            try {
              if (name.equals("setAutoCommit") && justEnded && Boolean.FALSE.equals(args[0])) {
                justEnded = false;
                real.setAutoCommit(true);
                return null;
              }
              Object result = m.invoke(real, args);
              justEnded = name.equals("commit") || name.equals("rollback");
              return result;
            } catch (InvocationTargetException e) {
              justEnded = false;
              throw asConnectionFailure(real, e.getCause());
            }
          }
        };
    return (Connection) Proxy.newProxyInstance(
        Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
  }

  /**
   * Hikari's handle to a connection it dropped fails with a bare "Connection is closed" and no
   * SQLSTATE; it is a connection failure (08003), and said so the API answers 503, not 500.
   */
  private static Throwable asConnectionFailure(Connection real, Throwable failure) {
    if (failure instanceof SQLException sql && sql.getSQLState() == null) {
      try {
        if (real.isClosed()) {
          return new SQLNonTransientConnectionException(sql.getMessage(), "08003", sql);
        }
      } catch (SQLException ignored) {
        return new SQLNonTransientConnectionException(sql.getMessage(), "08003", sql);
      }
    }
    return failure;
  }

  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {}

  @Override
  public void setLoginTimeout(int seconds) {}

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return false;
  }
}
