package io.podster.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.config.PodsterConfig;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.presigner.model.PresignedPutObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedUploadPartRequest;

/** Uploads the way a browser does: plain HTTP PUTs to URLs the server signed. */
@ExtendWith(VertxExtension.class)
class PresignedUploadTest {
  private static final int MIB = 1024 * 1024;
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dataDir;
  private EmbeddedObjectStore embedded;
  private ObjectStore store;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    PodsterConfig.Storage s = TestStores.embedded(dataDir, TestStores.freePort());
    embedded = TestStores.start(s, dataDir);
    store = ObjectStore.create(vertx, s);
    store.ensureBucket().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
  }

  @AfterEach
  void stop() {
    store.close();
    embedded.close();
  }

  private PresignedPutObjectRequest presignPut(String key, Duration ttl) {
    return store.presigner().presignPutObject(p -> p.signatureDuration(ttl)
        .putObjectRequest(o -> o.bucket(store.bucket()).key(key)));
  }

  /** Sends what a page's fetch() sends: its Origin and the Blob's type. */
  private HttpResponse<String> put(String url, byte[] body) throws Exception {
    return http.send(putRequest(url, body), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest putRequest(String url, byte[] body) {
    return HttpRequest.newBuilder(URI.create(url))
        .header("Origin", TestStores.ORIGIN)
        .header("Content-Type", "video/webm")
        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build();
  }

  /** The status, or 403 when the store answered by closing the connection mid-body. */
  private int statusOrRefused(HttpRequest req) throws InterruptedException {
    try {
      return http.send(req, HttpResponse.BodyHandlers.ofString()).statusCode();
    } catch (java.io.IOException refused) {
      return 403;
    }
  }

  private byte[] get(String key) throws Exception {
    return store.client().getObject(g -> g.bucket(store.bucket()).key(key),
        AsyncResponseTransformer.toBytes()).get(20, TimeUnit.SECONDS).asByteArray();
  }

  private static byte[] bytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  @DisplayName("a presigned PUT signs only Host, lands with an ETag, and GetObject returns the bytes")
  void presignedPutLands() throws Exception {
    PresignedPutObjectRequest presigned = presignPut("rec/one.webm", Duration.ofMinutes(5));
    // Anything beyond Host would have to be sent by the browser exactly as signed.
    assertEquals(Set.of("host"), presigned.signedHeaders().keySet());

    byte[] body = bytes(70_000, 1);
    HttpResponse<String> res = put(presigned.url().toString(), body);

    assertEquals(200, res.statusCode(), res.body());
    assertTrue(res.headers().firstValue("ETag").orElse("").matches("\"[0-9a-f]{32}\""),
        res.headers().toString());
    assertArrayEquals(body, get("rec/one.webm"));
    // Without these two a browser would get the response but could not read the ETag.
    assertEquals(TestStores.ORIGIN, res.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
    assertTrue(res.headers().firstValue("Access-Control-Expose-Headers").orElse("").contains("ETag"));
  }

  @Test
  @DisplayName("a presigned URL whose signature was altered is refused with 403")
  void tamperedSignatureRefused() throws Exception {
    String url = presignPut("rec/two.webm", Duration.ofMinutes(5)).url().toString();
    int at = url.indexOf("X-Amz-Signature=") + "X-Amz-Signature=".length();
    char flipped = url.charAt(at) == '0' ? '1' : '0';
    String tampered = url.substring(0, at) + flipped + url.substring(at + 1);

    HttpResponse<String> res = put(tampered, bytes(100, 2));
    assertEquals(403, res.statusCode());
    assertTrue(res.body().contains("SignatureDoesNotMatch"), res.body());
  }

  @Test
  @DisplayName("a presigned URL used after it expired is refused with 403")
  void expiredUrlRefused() throws Exception {
    String url = presignPut("rec/three.webm", Duration.ofSeconds(1)).url().toString();
    Thread.sleep(2_100);

    HttpResponse<String> res = put(url, bytes(100, 3));
    assertEquals(403, res.statusCode());
    assertTrue(res.body().contains("expired"), res.body());
  }

  @Test
  @DisplayName("a multipart upload through presigned part URLs completes with the right size and bytes")
  void multipartThroughPresignedParts() throws Exception {
    String key = "rec/multi.webm";
    String uploadId = store.client().createMultipartUpload(c -> c.bucket(store.bucket()).key(key)
        .contentType("video/webm")).get(20, TimeUnit.SECONDS).uploadId();
    byte[][] parts = {bytes(5 * MIB + 17, 4), bytes(123_456, 5)};

    CompletedPart[] completed = new CompletedPart[parts.length];
    for (int i = 0; i < parts.length; i++) {
      int partNumber = i + 1;
      PresignedUploadPartRequest presigned = store.presigner().presignUploadPart(p -> p
          .signatureDuration(Duration.ofMinutes(5))
          .uploadPartRequest(u -> u.bucket(store.bucket()).key(key)
              .uploadId(uploadId).partNumber(partNumber)));
      HttpResponse<String> res = put(presigned.url().toString(), parts[i]);
      assertEquals(200, res.statusCode(), res.body());
      String etag = res.headers().firstValue("ETag").orElseThrow();
      completed[i] = CompletedPart.builder().partNumber(partNumber).eTag(etag).build();
    }

    store.client().completeMultipartUpload(c -> c.bucket(store.bucket()).key(key)
        .uploadId(uploadId).multipartUpload(m -> m.parts(completed))).get(20, TimeUnit.SECONDS);

    var head = store.client().headObject(h -> h.bucket(store.bucket()).key(key))
        .get(20, TimeUnit.SECONDS);
    assertEquals((long) parts[0].length + parts[1].length, head.contentLength());
    assertEquals("video/webm", head.contentType());
    byte[] all = get(key);
    byte[] expected = new byte[parts[0].length + parts[1].length];
    System.arraycopy(parts[0], 0, expected, 0, parts[0].length);
    System.arraycopy(parts[1], 0, expected, parts[0].length, parts[1].length);
    assertArrayEquals(expected, all);
    assertTrue(head.eTag().endsWith("-2\""), head.eTag());
  }

  @Test
  @DisplayName("a part URL signed with its Content-Length takes exactly that many bytes: more, fewer or chunked are refused")
  void signedLengthIsEnforced() throws Exception {
    String key = "rec/sized.webm";
    String uploadId = store.client().createMultipartUpload(c -> c.bucket(store.bucket()).key(key))
        .get(20, TimeUnit.SECONDS).uploadId();
    long size = 5L * MIB;
    PresignedUploadPartRequest presigned = store.presigner().presignUploadPart(p -> p
        .signatureDuration(Duration.ofMinutes(5))
        .uploadPartRequest(u -> u.bucket(store.bucket()).key(key).uploadId(uploadId).partNumber(1).contentLength(size)));
    assertEquals(Set.of("host", "content-length"), presigned.signedHeaders().keySet());
    String url = presigned.url().toString();

    // The store may answer before reading a refused body, or drop the connection mid-body.
    assertEquals(403, statusOrRefused(putRequest(url, bytes(60 * MIB, 6))));
    assertEquals(403, statusOrRefused(putRequest(url, bytes((int) size - 1, 7))));
    HttpRequest chunked = HttpRequest.newBuilder(URI.create(url))
        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes((int) size, 8)))).build();
    assertEquals(403, statusOrRefused(chunked));
    var none = store.client().listParts(l -> l.bucket(store.bucket()).key(key).uploadId(uploadId)).get(20, TimeUnit.SECONDS);
    assertEquals(0, none.parts().size(), "nothing refused was stored");

    HttpResponse<String> exact = put(url, bytes((int) size, 9));
    assertEquals(200, exact.statusCode(), exact.body());
    var held = store.client().listParts(l -> l.bucket(store.bucket()).key(key).uploadId(uploadId)).get(20, TimeUnit.SECONDS);
    assertEquals(size, held.parts().get(0).size());
  }
}
