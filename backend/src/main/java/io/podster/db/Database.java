package io.podster.db;

import io.podster.config.PodsterConfig;
import io.vertx.core.Vertx;
import io.vertx.jdbcclient.JDBCPool;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/** The node's connection pool; the same SQL runs on embedded H2 and on PostgreSQL. */
public final class Database {
  private Database() {}

  public static Pool pool(Vertx vertx, PodsterConfig.Database db) {
    // See AutoCommitRestoringDataSource: connections must come back with autocommit on.
    return JDBCPool.pool(
        vertx,
        new AutoCommitRestoringDataSource(db.url(), db.user(), db.password()),
        new PoolOptions().setMaxSize(db.postgres() ? 16 : 8));
  }
}
