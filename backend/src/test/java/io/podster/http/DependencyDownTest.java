package io.podster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.VertxException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.exception.SdkClientException;

class DependencyDownTest {
  record Case(String name, Throwable failure, boolean down) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case[] cases() {
    SQLException chained = new SQLException("batch failed", "XX000");
    chained.setNextException(new SQLException("I/O error", "08006"));
    return new Case[] {
      new Case("PostgreSQL refused (08001)", new SQLException("Connection refused", "08001"), true),
      new Case("closed connection, wrapped (08003)", new IllegalStateException(new SQLException("closed", "08003")), true),
      new Case("08 in the next exception", chained, true),
      new Case("Hikari's wait ran out", new SQLTransientConnectionException("podster-db - Connection is not available"), true),
      new Case("connection refused deep in a cause", new CompletionException(new RuntimeException(new ConnectException("refused"))), true),
      new Case("the S3 client got no answer", SdkClientException.create("Unable to execute HTTP request"), true),
      new Case("Vert.x pool timeout", new VertxException("Timeout waiting for connection", true), true),
      new Case("unique violation", new SQLException("duplicate key", "23505"), false),
      new Case("a bug", new IllegalStateException("oops"), false),
      new Case("some other Vert.x failure", new VertxException("Connection was closed"), false),
    };
  }

  @ParameterizedTest
  @MethodSource("cases")
  void classifies(Case c) {
    assertEquals(c.down(), DependencyDown.is(c.failure()), c.name());
  }
}
