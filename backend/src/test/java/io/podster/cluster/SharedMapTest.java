package io.podster.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SharedMapTest {
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("what is composed on the map runs on the caller's context, even while the context that made it is blocked")
  void callerContext() throws Exception {
    Context maker = contextOnNewThread();
    Context caller = contextOnNewThread();
    Thread makerThread = threadOf(maker);
    Thread callerThread = threadOf(caller);
    assertNotEquals(makerThread, callerThread, "precondition: two event loops");

    CompletableFuture<SharedMap<String, String>> made = new CompletableFuture<>();
    maker.runOnContext(
        v -> {
          SharedMap<String, String> shared = new SharedMap<>(vertx, "shared-map-test");
          shared.map().compose(m -> m.put("k", "v")).onSuccess(x -> made.complete(shared)).onFailure(made::completeExceptionally);
        });
    SharedMap<String, String> shared = made.get(5, TimeUnit.SECONDS);

    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch blocked = new CountDownLatch(1);
    maker.runOnContext(
        v -> {
          blocked.countDown();
          await(release);
        });
    try {
      blocked.await(5, TimeUnit.SECONDS);
      AtomicReference<Thread> ranOn = new AtomicReference<>();
      CompletableFuture<String> read = new CompletableFuture<>();
      caller.runOnContext(
          v ->
              shared
                  .map()
                  .compose(m -> m.get("k"))
                  .onComplete(
                      ar -> {
                        ranOn.set(Thread.currentThread());
                        if (ar.succeeded()) {
                          read.complete(ar.result());
                        } else {
                          read.completeExceptionally(ar.cause());
                        }
                      }));
      // Bound to the maker's context, this would wait for the blocked loop and time out.
      assertEquals("v", read.get(2, TimeUnit.SECONDS));
      assertSame(callerThread, ranOn.get());
    } finally {
      release.countDown();
    }
  }

  /** A context of its own: Vert.x gives each new non-Vert.x thread the next event loop. */
  private Context contextOnNewThread() throws Exception {
    CompletableFuture<Context> ctx = new CompletableFuture<>();
    Thread t = new Thread(() -> ctx.complete(vertx.getOrCreateContext()));
    t.start();
    t.join();
    return ctx.get();
  }

  private static Thread threadOf(Context ctx) throws Exception {
    CompletableFuture<Thread> t = new CompletableFuture<>();
    ctx.runOnContext(v -> t.complete(Thread.currentThread()));
    return t.get(5, TimeUnit.SECONDS);
  }

  private static void await(CountDownLatch latch) {
    try {
      latch.await(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
