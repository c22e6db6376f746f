package io.podster.recording;

import static io.podster.recording.Studio.MIB;
import static io.podster.recording.Studio.assertError;
import static io.podster.recording.Studio.bytes;
import static io.podster.recording.Studio.completion;
import static io.podster.recording.Studio.presign;
import static io.podster.recording.Studio.put;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.TestNode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A 10 MiB quota: in-flight parts count as 5 MiB each until their real size is known. */
class QuotaTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000", "PODSTER_QUOTA_BYTES", String.valueOf(10 * MIB)));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static JsonObject partNumbers(int... n) {
    JsonArray a = new JsonArray();
    for (int i : n) {
      a.add(i);
    }
    return new JsonObject().put("partNumbers", a);
  }

  @Test
  @DisplayName("exactly at the quota is allowed; one part more is 413 at presign and at complete; nothing is lost")
  void edges() throws Exception {
    Studio s = new Studio(node);
    String a = s.createRecording(s.host, "camera").getString("id");
    String b = s.createRecording(s.host, "screen").getString("id");
    JsonArray urls = presign(s.host, a, 1, 2); // 2 x 5 MiB = the quota exactly
    assertError(s.host.post("/api/recordings/" + a + "/parts", partNumbers(3)), 413, "quota_exceeded");
    assertError(s.host.post("/api/recordings/" + b + "/parts", partNumbers(1)), 413, "quota_exceeded");
    // Re-signing parts already reserved (a resume) does not count twice.
    assertEquals(200, s.host.post("/api/recordings/" + a + "/parts", partNumbers(1, 2)).statusCode());

    // One 11 MiB part: allowed to upload (the store decides), refused at complete by its real size.
    String etag = put(urls.getJsonObject(0).getString("url"), bytes(11 * MIB, 1));
    assertError(s.host.post("/api/recordings/" + a + "/complete", completion(List.of(etag))), 413, "quota_exceeded");
    JsonArray held = s.host.get("/api/recordings/" + a + "/parts").bodyAsJsonObject().getJsonArray("parts");
    assertEquals(1, held.size(), "the uploaded part is still there");
    assertEquals("uploading", s.host.get("/api/recordings?roomId=" + s.roomId()).bodyAsJsonObject()
        .getJsonArray("recordings").getJsonObject(0).getString("state"));

    // Freeing space (deleting the other upload) makes room again.
    assertEquals(204, s.host.delete("/api/recordings/" + a).statusCode());
    String etagB = put(presign(s.host, b, 1).getJsonObject(0).getString("url"), bytes(3 * MIB, 2));
    JsonObject done = s.host.post("/api/recordings/" + b + "/complete", completion(List.of(etagB))).bodyAsJsonObject();
    assertEquals(3L * MIB, done.getJsonObject("recording").getLong("size"));
    // 3 MiB complete + 2 x 5 MiB reserved would be 13 MiB.
    String c = s.createRecording(s.host, "audio").getString("id");
    assertEquals(200, s.host.post("/api/recordings/" + c + "/parts", partNumbers(1)).statusCode());
    assertError(s.host.post("/api/recordings/" + c + "/parts", partNumbers(2)), 413, "quota_exceeded");
  }

  @Test
  @DisplayName("the quota is per account: another account's usage does not count")
  void perAccount() {
    Studio one = new Studio(node);
    Studio two = new Studio(node);
    presign(one.host, one.createRecording(one.host, "camera").getString("id"), 1, 2);
    presign(two.host, two.createRecording(two.host, "camera").getString("id"), 1, 2);
  }
}
