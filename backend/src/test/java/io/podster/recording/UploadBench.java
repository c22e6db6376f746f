package io.podster.recording;

import io.podster.TestNode;
import io.podster.storage.ObjectStore;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

/**
 * Not a test: prints figures (run by {@code scripts/bench/uploads}). Signing rate on one core, the
 * presign API end to end, and one large upload in 8 MiB parts, 4 in flight, to the embedded store,
 * with CPU time split by thread group (Podster's Vert.x threads vs the store's and the client's).
 */
public final class UploadBench {
  private static final int MIB = 1024 * 1024;

  public static void main(String[] args) throws Exception {
    int totalMib = args.length > 0 ? Integer.parseInt(args[0]) : 256;
    TestNode node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000", "PODSTER_QUOTA_BYTES", String.valueOf(1L << 40)));
    try {
      signing(node);
      Studio s = new Studio(node);
      presignApi(s);
      upload(new Studio(node), totalMib);
    } finally {
      node.close();
      // The bench writes up to a few GiB into the node's temporary data dir: remove it.
      try (var files = java.nio.file.Files.walk(node.dataDir())) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
      }
    }
  }

  /** Raw S3Presigner on the calling thread: URLs per second per core. */
  private static void signing(TestNode node) {
    ObjectStore store = ObjectStore.create(node.node().vertx(), node.node().config().storage());
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < 2; round++) { // the first round warms up the JIT
      int n = 20_000;
      long cpu0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      for (int i = 1; i <= n; i++) {
        int part = i % 10_000 + 1;
        store.presigner().presignUploadPart(r -> r.signatureDuration(Duration.ofMinutes(10))
            .uploadPartRequest(u -> u.bucket(store.bucket()).key("rooms/r/takes/t/u-camera-x.webm").uploadId("upload").partNumber(part)));
      }
      double cpuS = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
      double wallS = (System.nanoTime() - t0) / 1e9;
      if (round == 1) {
        System.out.printf("presigner: %d URLs in %.2f s wall, %.2f s CPU on one thread = %.0f URLs/s per core%n", n, wallS, cpuS, n / cpuS);
      }
    }
    store.close();
  }

  /** POST /api/recordings/{id}/parts with 50 part numbers a call, one client, sequential calls. */
  private static void presignApi(Studio s) {
    String id = s.createRecording(s.host, "camera").getString("id");
    JsonObject body = Studio.sized(1, java.util.stream.LongStream.generate(() -> 5L * MIB).limit(50).toArray());
    for (int i = 0; i < 10; i++) {
      s.host.post("/api/recordings/" + id + "/parts", body);
    }
    int calls = 100; // under the 120-a-minute limit per account, warm-up included
    Map<String, Long> cpu0 = cpuByGroup();
    long t0 = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      if (s.host.post("/api/recordings/" + id + "/parts", body).statusCode() != 200) {
        throw new IllegalStateException("presign failed");
      }
    }
    double wallS = (System.nanoTime() - t0) / 1e9;
    double serverCpu = (cpuByGroup().get("podster") - cpu0.get("podster")) / 1e9;
    System.out.printf("presign API: %d calls x 50 URLs in %.2f s = %.0f URLs/s (one sequential client); Podster CPU %.2f s = %.0f URLs per CPU-second%n",
        calls, wallS, calls * 50 / wallS, serverCpu, calls * 50 / serverCpu);
  }

  private static void upload(Studio s, int totalMib) throws Exception {
    int partMib = 8;
    int parts = totalMib / partMib;
    String id = s.createRecording(s.host, "camera").getString("id");
    byte[] data = Studio.bytes(partMib * MIB, 7);
    Map<String, Long> cpu0 = cpuByGroup();
    long t0 = System.nanoTime();
    Semaphore inFlight = new Semaphore(4);
    List<CompletableFuture<String>> etags = new ArrayList<>();
    for (int first = 1; first <= parts; first += 50) {
      long[] batch = java.util.stream.LongStream.generate(() -> (long) data.length).limit(Math.min(50, parts - first + 1)).toArray();
      JsonArray urls = Studio.presignSized(s.host, id, first, batch);
      for (int i = 0; i < urls.size(); i++) {
        inFlight.acquire();
        HttpRequest put = HttpRequest.newBuilder(URI.create(urls.getJsonObject(i).getString("url")))
            .PUT(HttpRequest.BodyPublishers.ofByteArray(data)).build();
        etags.add(Studio.HTTP.sendAsync(put, HttpResponse.BodyHandlers.discarding())
            .whenComplete((r, e) -> inFlight.release())
            .thenApply(r -> r.headers().firstValue("ETag").orElseThrow()));
      }
    }
    List<String> list = new ArrayList<>();
    for (CompletableFuture<String> e : etags) {
      list.add(e.get());
    }
    double putS = (System.nanoTime() - t0) / 1e9;
    long c0 = System.nanoTime();
    var done = s.host.post("/api/recordings/" + id + "/complete", Studio.completion(list));
    double completeS = (System.nanoTime() - c0) / 1e9;
    if (done.statusCode() != 200) {
      throw new IllegalStateException("complete failed: " + done.bodyAsString());
    }
    Map<String, Long> cpu1 = cpuByGroup();
    System.out.printf("upload: %d MiB in %d x %d MiB parts, 4 in flight: PUTs %.2f s = %.0f MiB/s; complete %.2f s; total %.0f MiB/s%n",
        totalMib, parts, partMib, putS, totalMib / putS, completeS, totalMib / (putS + completeS));
    System.out.printf("  CPU: Podster (Vert.x + SDK threads) %.2f s; uploading client %.2f s; rest of the JVM (embedded store, GC, JIT) %.2f s%n",
        (cpu1.get("podster") - cpu0.get("podster")) / 1e9, (cpu1.get("client") - cpu0.get("client")) / 1e9,
        (cpu1.get("other") + cpu1.get("store") - cpu0.get("other") - cpu0.get("store")) / 1e9);
  }

  /** CPU time of live threads by group: Podster (Vert.x, the SDK's client), the store (Jetty), the rest. */
  private static Map<String, Long> cpuByGroup() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> out = new HashMap<>(Map.of("podster", 0L, "store", 0L, "client", 0L, "other", 0L));
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      long cpu = mx.getThreadCpuTime(t.getId());
      if (cpu < 0) {
        continue;
      }
      String n = t.getName();
      String g = n.startsWith("vert.x-") || n.startsWith("aws-java-sdk") || n.startsWith("sdk-async") ? "podster"
          : n.startsWith("qtp") || n.contains("s3proxy") || n.startsWith("user-thread") ? "store"
          : n.startsWith("HttpClient") ? "client" : "other";
      out.merge(g, cpu, Long::sum);
    }
    return out;
  }
}
