package io.podster.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.config.PodsterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Exception;

@ExtendWith(VertxExtension.class)
class ObjectStoreTest {
  @TempDir Path dataDir;
  private EmbeddedObjectStore embedded;
  private ObjectStore store;

  @BeforeEach
  void start(Vertx vertx) {
    PodsterConfig.Storage s = TestStores.embedded(dataDir, TestStores.freePort());
    embedded = TestStores.start(s, dataDir);
    store = ObjectStore.create(vertx, s);
  }

  @AfterEach
  void stop() {
    store.close();
    embedded.close();
  }

  private static <T> T await(Future<T> f) throws Exception {
    return f.toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("ensureBucket creates the bucket once, a second call succeeds, and ping then succeeds")
  void ensureBucketThenPing() throws Exception {
    Exception before = assertThrows(ExecutionException.class, () -> await(store.ping()));
    assertEquals(404, ((S3Exception) before.getCause()).statusCode());

    await(store.ensureBucket());
    assertTrue(Files.isDirectory(dataDir.resolve("objects").resolve(TestStores.BUCKET)));
    await(store.ensureBucket());
    await(store.ping());

    var buckets = store.client().listBuckets().get(10, TimeUnit.SECONDS).buckets();
    assertEquals(1, buckets.size());
    assertEquals(TestStores.BUCKET, buckets.get(0).name());
  }

  @Test
  @DisplayName("the future completes on the caller's Vert.x context, not on an SDK thread")
  void completesOnVertxContext(Vertx vertx) throws Exception {
    var ctx = vertx.getOrCreateContext();
    Future<Boolean> sameContext = Future.future(p -> ctx.runOnContext(v ->
        store.ensureBucket().onComplete(ar -> p.complete(vertx.getOrCreateContext() == ctx))));
    assertTrue(await(sameContext));
  }

  @Test
  @DisplayName("the embedded store gets path-style URLs and a bucket even with another region and path style off")
  void embeddedIgnoresVirtualHostStyle(Vertx vertx) throws Exception {
    PodsterConfig.Storage s = TestStores.embedded(dataDir, embedded.port());
    PodsterConfig.Storage other = new PodsterConfig.Storage(null, s.embeddedPort(), "eu-central-1",
        "other-bucket", s.accessKey(), s.secretKey(), false);
    try (ObjectStore o = ObjectStore.create(vertx, other)) {
      await(o.ensureBucket());
      await(o.ping());
      String url = o.presigner().presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(1))
          .getObjectRequest(g -> g.bucket("other-bucket").key("k"))).url().toString();
      assertTrue(url.startsWith(s.effectiveEndpoint() + "/other-bucket/k?"), url);
      assertTrue(url.contains("%2Feu-central-1%2Fs3%2F"), url);
    }
  }

  @Test
  @DisplayName("ping fails once the store is stopped, and fails quickly")
  void pingFailsWhenStopped() throws Exception {
    await(store.ensureBucket());
    await(store.ping());
    embedded.close();
    long t0 = System.nanoTime();
    assertThrows(ExecutionException.class, () -> await(store.ping()));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
    assertTrue(ms < 5_000, "ping took " + ms + " ms");
  }
}
