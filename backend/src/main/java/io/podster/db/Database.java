package io.podster.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.podster.config.PodsterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.util.concurrent.TimeUnit;

/**
 * The node's connection pool; the same SQL runs on embedded H2 and on PostgreSQL.
 *
 * <p>Two layers, because vertx-jdbc-client 5.0.x never notices that a pooled JDBC connection died
 * (a PostgreSQL restart): it hands the dead one out forever (fixed upstream in
 * vert-x3/vertx-jdbc-client#357, not in 5.0.10). So HikariCP holds the physical connections: it
 * validates one before handing it out, drops one that failed with a connection error (SQLSTATE
 * class 08) and gives up waiting after {@link #CONNECT_TIMEOUT_MS} while the database is away.
 * Vert.x's pool above only holds Hikari's handles, and for at most {@link #HANDLE_LIFETIME_MS}, so
 * a handle to a dropped connection is replaced within seconds of the database coming back.
 */
public final class Database implements AutoCloseable {
  static final long HANDLE_LIFETIME_MS = 2000;
  private static final int CLEANER_PERIOD_MS = 250;
  static final long CONNECT_TIMEOUT_MS = 2000;
  private final HikariDataSource connections;
  private final Pool pool;

  private Database(HikariDataSource connections, Pool pool) {
    this.connections = connections;
    this.pool = pool;
  }

  /** Opens the pools without connecting yet (safe on the event loop). Close after Vert.x. */
  public static Database open(Vertx vertx, PodsterConfig.Database db) {
    int size = db.postgres() ? 16 : 8;
    HikariConfig c = new HikariConfig();
    c.setPoolName("podster-db");
    c.setJdbcUrl(db.url());
    c.setUsername(db.user());
    c.setPassword(db.password());
    c.setMaximumPoolSize(size);
    c.setMinimumIdle(2);
    c.setConnectionTimeout(CONNECT_TIMEOUT_MS);
    c.setValidationTimeout(1000);
    // No blocking first connection in the constructor: the schema was migrated already, and a
    // database that is away later is what the timeouts are for.
    c.setInitializationFailTimeout(-1);
    HikariDataSource connections = new HikariDataSource(c);
    // See AutoCommitRestoringDataSource: connections must come back with autocommit on.
    Pool pool =
        JDBCPool.pool(
            vertx,
            new AutoCommitRestoringDataSource(connections),
            new PoolOptions()
                .setMaxSize(size)
                .setMaxLifetime((int) HANDLE_LIFETIME_MS)
                .setMaxLifetimeUnit(TimeUnit.MILLISECONDS)
                .setPoolCleanerPeriod(CLEANER_PERIOD_MS)
                // Hikari already bounds the wait for a connection; this only bounds the queue.
                .setConnectionTimeout((int) (CONNECT_TIMEOUT_MS * 2))
                .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS));
    return new Database(connections, pool);
  }

  /** A pool whose {@code close()} closes the connections under it too (tests, tools). */
  public static Pool pool(Vertx vertx, PodsterConfig.Database db) {
    Database d = open(vertx, db);
    return new ClosingPool(d.pool, () -> d.close());
  }

  public Pool pool() {
    return pool;
  }

  @Override
  public void close() {
    connections.close();
  }

  /** Hands every call to Vert.x's pool; closing it then closes Hikari's. */
  private record ClosingPool(Pool delegate, Runnable after) implements Pool {
    @Override
    public Future<io.vertx.sqlclient.SqlConnection> getConnection() {
      return delegate.getConnection();
    }

    @Override
    public io.vertx.sqlclient.Query<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> query(String sql) {
      return delegate.query(sql);
    }

    @Override
    public io.vertx.sqlclient.PreparedQuery<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> preparedQuery(String sql) {
      return delegate.preparedQuery(sql);
    }

    @Override
    public io.vertx.sqlclient.PreparedQuery<io.vertx.sqlclient.RowSet<io.vertx.sqlclient.Row>> preparedQuery(
        String sql, io.vertx.sqlclient.PrepareOptions options) {
      return delegate.preparedQuery(sql, options);
    }

    @Override
    public int size() {
      return delegate.size();
    }

    @Override
    public Future<Void> close() {
      return delegate.close().eventually(() -> {
        after.run();
        return Future.succeededFuture();
      });
    }
  }
}
