package io.podster.recording;

import static io.podster.recording.Studio.MIB;
import static io.podster.recording.Studio.bytes;
import static io.podster.recording.Studio.completion;
import static io.podster.recording.Studio.sized;
import static io.podster.recording.Studio.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestCluster;
import io.podster.TestNode;
import io.podster.auth.SessionCookies;
import io.podster.config.PodsterConfig;
import io.podster.storage.EmbeddedObjectStore;
import io.podster.storage.StoreCredentials;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.podster.cluster.PartitionsSettled;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two clustered nodes on loopback sharing one database and one store, each calling its own
 * in-process coordinator: what must not run at once on one recording or one account still runs
 * one at a time, because the locks are the cluster's, not the node's. The lock test is the one
 * that fails without them (checked by disabling the lock); the two races through the API are the
 * outcome a user sees, and passed here even unlocked, as the embedded store tolerated the race.
 */
class ClusterUploadRaceTest {
  static final long QUOTA = 10L * MIB;
  static final HttpClient HTTP = HttpClient.newHttpClient();
  static EmbeddedObjectStore store;
  static TestCluster cluster;
  static ExecutorService threads;

  @BeforeAll
  static void start() throws Exception {
    Path storeDir = Files.createTempDirectory("podster-store");
    PodsterConfig.Storage s = StoreCredentials.resolve(
        new PodsterConfig.Storage(null, TestNode.freePort(), "us-east-1", "podster-race", null, null, true), storeDir);
    store = EmbeddedObjectStore.start(s, storeDir, List.of("http://127.0.0.1:8080"));
    cluster = TestCluster.start(2, Map.of(
        "PODSTER_S3_ENDPOINT", s.effectiveEndpoint(), "PODSTER_S3_BUCKET", s.bucket(),
        "PODSTER_S3_ACCESS_KEY", s.accessKey(), "PODSTER_S3_SECRET_KEY", s.secretKey(),
        "PODSTER_QUOTA_BYTES", String.valueOf(QUOTA)));
    threads = Executors.newFixedThreadPool(2);
    // Every partition owned and backed up before the races begin: they measure the locks, not
    // a migration still under way.
    PartitionsSettled.await(cluster.nodes());
  }

  @AfterAll
  static void stop() throws Exception {
    threads.shutdownNow();
    cluster.close();
    store.close();
  }

  @Test
  @DisplayName("a recording's lock taken on both nodes at once: the holders never overlap")
  void lockExcludesAcrossNodes() throws Exception {
    List<RecordingLocks> locks = cluster.nodes().stream().map(n -> new RecordingLocks(n.node().vertx())).toList();
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    List<Future<Void>> all = new ArrayList<>();
    String name = java.util.UUID.randomUUID().toString();
    List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
    long t0 = System.nanoTime();
    for (int i = 0; i < 6; i++) {
      int holder = i;
      RecordingLocks l = locks.get(i % 2);
      Vertx vertx = cluster.node(i % 2).node().vertx();
      all.add(l.recording(name, () -> {
        most.accumulateAndGet(inside.incrementAndGet(), Math::max);
        seen.add("in " + holder + "@node" + holder % 2 + " " + (System.nanoTime() - t0) / 1_000_000 + "ms " + Thread.currentThread().getName());
        Promise<Void> held = Promise.promise();
        vertx.setTimer(150, t -> {
          inside.decrementAndGet();
          seen.add("out " + holder + " " + (System.nanoTime() - t0) / 1_000_000 + "ms");
          held.complete();
        });
        return held.future();
      }));
    }
    Future.all(all).await(30, TimeUnit.SECONDS);
    assertEquals(1, most.get(), "holders at once: " + seen);
  }

  @Test
  @DisplayName("complete of one recording sent to both nodes at once, round after round: both 200 with the same object, never a 500")
  void completeFromTwoNodes() throws Exception {
    Studio s = new Studio(cluster.node(0));
    // The same signed-in browser on the other node: a session call, so the complete that comes
    // second answers with the completed recording (an upload token is refused once it is complete).
    Browser there = cluster.node(1).browser();
    there.setCookie(SessionCookies.SESSION, s.host.cookie(SessionCookies.SESSION));
    there.setCookie(SessionCookies.CSRF, s.host.cookie(SessionCookies.CSRF));
    for (int round = 0; round < 8; round++) {
      String id = created(s).getJsonObject("recording").getString("id");
      JsonObject body = completion(upload(s.host, id, bytes(2000, round)));
      String path = "/api/recordings/" + id + "/complete";
      List<io.vertx.ext.web.client.HttpResponse<Buffer>> answers = atOnce(() -> s.host.post(path, body), () -> there.post(path, body));
      for (io.vertx.ext.web.client.HttpResponse<Buffer> r : answers) {
        assertEquals(200, r.statusCode(), "round " + round + ": " + r.bodyAsString());
        JsonObject recording = r.bodyAsJsonObject().getJsonObject("recording");
        assertEquals("complete", recording.getString("state"));
        assertEquals(2000L, recording.getLong("size"));
      }
    }
  }

  @Test
  @DisplayName("one account presigning on both nodes at once, each fitting the quota alone but not both: exactly one is signed")
  void quotaFromTwoNodes() throws Exception {
    Studio s = new Studio(cluster.node(0));
    for (int round = 0; round < 4; round++) {
      JsonObject a = created(s);
      JsonObject b = created(s);
      String body = sized(1, 6L * MIB).encode();
      List<HttpResponse<String>> answers = atOnce(
          () -> post(cluster.node(0), a.getJsonObject("recording").getString("id"), "/parts", a.getString("uploadToken"), body),
          () -> post(cluster.node(1), b.getJsonObject("recording").getString("id"), "/parts", b.getString("uploadToken"), body));
      List<Integer> statuses = answers.stream().map(HttpResponse::statusCode).sorted().toList();
      assertEquals(List.of(200, 413), statuses, "round " + round + ": " + answers.stream().map(HttpResponse::body).toList());
      assertTrue(answers.stream().anyMatch(r -> r.body().contains("quota_exceeded")));
      // Free the reservation for the next round: the unfinished uploads are deleted.
      assertEquals(204, s.host.delete("/api/recordings/" + a.getJsonObject("recording").getString("id")).statusCode());
      assertEquals(204, s.host.delete("/api/recordings/" + b.getJsonObject("recording").getString("id")).statusCode());
    }
  }

  /** {recording, uploadToken} of a new camera upload in the studio's take, made over the first node's API. */
  private static JsonObject created(Studio s) {
    io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer> r = s.host.post("/api/recordings", new JsonObject()
        .put("roomId", s.roomId()).put("takeId", s.takeId()).put("kind", "camera").put("mimeType", "video/webm;codecs=vp9,opus"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject();
  }

  /** A recording's upload call on {@code node}, authorised by its upload token (no session, no CSRF header). */
  private static HttpResponse<String> post(TestNode node, String id, String path, String token, String body) {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.node().httpPort() + "/api/recordings/" + id + path))
        .header("Content-Type", "application/json")
        .header(UploadTokens.HEADER, token)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @SafeVarargs
  private static <T> List<T> atOnce(java.util.function.Supplier<T>... calls) throws Exception {
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<T>> running = new ArrayList<>();
    for (var call : calls) {
      running.add(TakeFixture.at(threads, go, call));
    }
    go.countDown();
    List<T> answers = new ArrayList<>();
    for (CompletableFuture<T> f : running) {
      answers.add(f.get(60, TimeUnit.SECONDS));
    }
    return answers;
  }
}
