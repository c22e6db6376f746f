package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoomIndexTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("writers racing on one room lose nobody's change; an emptied room leaves no entry")
  void racingWriters() throws Exception {
    RoomIndex index = new RoomIndex(vertx);
    List<Future<Void>> adds = new ArrayList<>();
    Set<String> all = new HashSet<>();
    for (int i = 0; i < 30; i++) {
      all.add("p" + i);
      adds.add(index.add("r", "p" + i));
    }
    adds.add(index.add("other", "q"));
    Future.all(adds).await(10, TimeUnit.SECONDS);
    assertEquals(all, index.peers("r").await(10, TimeUnit.SECONDS));
    // Ids as values, not as object keys: see RoomIndex on Jackson's field-name table.
    Object stored = vertx.sharedData().<String, Object>getAsyncMap(Addresses.ROOMS_MAP).compose(m -> m.get("r")).await(10, TimeUnit.SECONDS);
    assertEquals(30, assertInstanceOf(JsonArray.class, stored).size());
    assertEquals(2, index.count().await(10, TimeUnit.SECONDS));
    List<Future<Void>> removes = new ArrayList<>();
    for (int i = 0; i < 30; i += 2) {
      all.remove("p" + i);
      removes.add(index.remove("r", "p" + i));
    }
    removes.add(index.remove("r", "never-there"));
    Future.all(removes).await(10, TimeUnit.SECONDS);
    assertEquals(all, index.peers("r").await(10, TimeUnit.SECONDS));
    List<Future<Void>> rest = new ArrayList<>();
    all.forEach(id -> rest.add(index.remove("r", id)));
    Future.all(rest).await(10, TimeUnit.SECONDS);
    assertEquals(Set.of(), index.peers("r").await(10, TimeUnit.SECONDS));
    assertEquals(Set.of("q"), index.peers("other").await(10, TimeUnit.SECONDS));
    assertEquals(1, index.count().await(10, TimeUnit.SECONDS));
    assertEquals(
        0,
        vertx.sharedData().<String, Object>getAsyncMap(Addresses.ROOMS_MAP).compose(m -> m.keys()).await(10, TimeUnit.SECONDS).stream()
            .filter("r"::equals)
            .count());
  }
}
