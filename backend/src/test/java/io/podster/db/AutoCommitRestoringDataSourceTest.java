package io.podster.db;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.config.PodsterConfig;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class AutoCommitRestoringDataSourceTest {
  @Test
  @DisplayName("a plain write after a transaction on the same pooled connection is committed (vertx-jdbc-client#356)")
  void plainWriteAfterTransactionIsCommitted() throws Exception {
    String url = "jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1";
    Vertx vertx = Vertx.vertx();
    Pool pool = Database.pool(vertx, new PodsterConfig.Database(url, "sa", ""));
    try (Connection other = DriverManager.getConnection(url, "sa", "")) {
      pool.query("CREATE TABLE t (n INT)").execute().await(10, TimeUnit.SECONDS);
      pool.withTransaction(c -> c.query("INSERT INTO t VALUES (1)").execute()).await(10, TimeUnit.SECONDS);
      pool.query("INSERT INTO t VALUES (2)").execute().await(10, TimeUnit.SECONDS);
      try (ResultSet rs = other.createStatement().executeQuery("SELECT COUNT(*) FROM t")) {
        rs.next();
        assertEquals(2, rs.getInt(1), "both rows visible to another connection");
      }
    } finally {
      pool.close().await(10, TimeUnit.SECONDS);
      vertx.close().await(10, TimeUnit.SECONDS);
    }
  }
}
