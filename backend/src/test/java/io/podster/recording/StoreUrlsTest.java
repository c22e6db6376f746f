package io.podster.recording;

import static io.podster.recording.Studio.bytes;
import static io.podster.recording.Studio.presignSized;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.TestNode;
import io.podster.db.Database;
import io.podster.storage.ObjectStore;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The store, not Podster, enforces the URLs: a changed or expired one is refused with 403. */
class StoreUrlsTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("a tampered signature, part number or upload id is 403 from the store")
  void tampered() throws Exception {
    Studio s = new Studio(node);
    String url = presignSized(s.host, s.createRecording(s.host, "camera").getString("id"), 1, 10).getJsonObject(0).getString("url");
    String sig = url.replaceAll(".*X-Amz-Signature=([0-9a-f]+).*", "$1");
    String flipped = (sig.charAt(0) == 'a' ? "b" : "a") + sig.substring(1);
    assertEquals(403, Studio.putStatus(url.replace(sig, flipped), bytes(10, 1)));
    assertEquals(403, Studio.putStatus(url.replace("partNumber=1", "partNumber=2"), bytes(10, 1)));
    assertEquals(403, Studio.putStatus(url.replace("uploadId=", "uploadId=x"), bytes(10, 1)));
    assertEquals(200, Studio.putStatus(url, bytes(10, 1)));
  }

  @Test
  @DisplayName("an expired part URL is 403 from the store")
  void expired() throws Exception {
    Studio s = new Studio(node);
    String id = s.createRecording(s.host, "camera").getString("id");
    Pool pool = Database.pool(node.node().vertx(), node.node().config().database());
    ObjectStore store = ObjectStore.create(node.node().vertx(), node.node().config().storage());
    try {
      Row row = pool.preparedQuery("SELECT object_key, upload_id FROM recordings WHERE id = ?").execute(Tuple.of(id))
          .await(10, TimeUnit.SECONDS).iterator().next();
      // The same signing Podster does, with a 1-second lifetime instead of 10 minutes.
      String url = store.presigner().presignUploadPart(r -> r.signatureDuration(Duration.ofSeconds(1))
          .uploadPartRequest(u -> u.bucket(store.bucket()).key(row.getString("object_key"))
              .uploadId(row.getString("upload_id")).partNumber(1))).url().toString();
      Thread.sleep(2100);
      assertEquals(403, Studio.putStatus(url, bytes(10, 2)));
    } finally {
      store.close();
      pool.close();
    }
  }
}
