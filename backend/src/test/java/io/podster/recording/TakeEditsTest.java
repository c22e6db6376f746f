package io.podster.recording;

import static io.podster.recording.Studio.assertError;
import static io.podster.recording.TakeFixture.deleteTake;
import static io.podster.recording.TakeFixture.listed;
import static io.podster.recording.TakeFixture.newTake;
import static io.podster.recording.TakeFixture.rename;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Renaming a take, and the rules every take edit (rename, delete) shares: who, which take, what request. */
class TakeEditsTest {
  static TestNode node;
  static TakeFixture fx;
  static ExecutorService threads;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000"));
    fx = new TakeFixture(node);
    threads = Executors.newFixedThreadPool(5);
  }

  @AfterAll
  static void stop() {
    threads.shutdownNow();
    fx.close();
    node.close();
  }

  private static HttpResponse<Buffer> renameTo(Browser b, Studio s, String name) {
    return rename(b, s.roomId(), s.takeId(), new JsonObject().put("name", name));
  }

  @Test
  @DisplayName("the host renames a take, running or stopped; the list and a replay answer the same name, NFC-normalised and trimmed")
  void renames() throws Exception {
    Studio s = new Studio(node);
    HttpResponse<Buffer> r = renameTo(s.host, s, "  Cafe\u0301 interview  ");
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("Caf\u00e9 interview", r.bodyAsJsonObject().getJsonObject("take").getString("name"));
    assertEquals(s.takeId(), r.bodyAsJsonObject().getJsonObject("take").getString("id"));
    assertEquals("Caf\u00e9 interview", listed(s.host, s.roomId(), s.takeId()).getString("name"));
    HttpResponse<Buffer> again = renameTo(s.host, s, "Caf\u00e9 interview");
    assertEquals(200, again.statusCode());
    assertEquals(r.bodyAsJsonObject(), again.bodyAsJsonObject(), "a replay answers the same take");
    fx.stop(s.roomId());
    assertEquals(200, renameTo(s.host, s, "Pilot").statusCode());
    assertEquals("Pilot", listed(s.host, s.roomId(), s.takeId()).getString("name"));
    assertEquals("Pilot", s.host.get("/api/rooms/" + s.roomId() + "/takes/" + s.takeId() + "/manifest").bodyAsJsonObject().getString("name"),
        "the manifest (and the take's ZIP) carries the name");
    String other = newTake(s.host, s.roomId());
    assertNull(listed(s.host, s.roomId(), other).getString("name"), "a take not renamed has no name");
  }

  @Test
  @DisplayName("a name is measured after NFC: 100 composed characters pass however they were typed, 101 do not, nor text that grows past 100")
  void nameLength() {
    Studio s = new Studio(node);
    assertEquals(200, renameTo(s.host, s, "e\u0301".repeat(100)).statusCode(), "200 code points sent, 100 after NFC");
    assertEquals("\u00e9".repeat(100), listed(s.host, s.roomId(), s.takeId()).getString("name"));
    assertError(renameTo(s.host, s, "a".repeat(101)), 400, "invalid_field");
    // U+0958 is one character typed and two under NFC: 60 of them store 120.
    assertError(renameTo(s.host, s, "\u0958".repeat(60)), 400, "invalid_field");
    assertEquals("\u00e9".repeat(100), listed(s.host, s.roomId(), s.takeId()).getString("name"), "a refused rename changes nothing");
  }

  @Test
  @DisplayName("malformed names and bodies answer 400 naming the problem; a body over 64 KiB answers 413")
  void malformed() {
    Studio s = new Studio(node);
    for (String bad : List.of("a\u0007b", "line\nbreak", "tab\there", "\u0085next", "del\u007f", "evil\u202Egnp.exe", "iso\u2066late", "sep\u2028arator")) {
      assertError(renameTo(s.host, s, bad), 400, "invalid_field");
    }
    assertError(renameTo(s.host, s, "   "), 400, "missing_field");
    assertError(rename(s.host, s.roomId(), s.takeId(), new JsonObject()), 400, "missing_field");
    assertError(rename(s.host, s.roomId(), s.takeId(), new JsonObject().put("name", 42)), 400, "invalid_field");
    assertError(rename(s.host, s.roomId(), s.takeId(), Buffer.buffer("{\"name\":")), 400, "malformed_json");
    assertError(rename(s.host, s.roomId(), s.takeId(), Buffer.buffer("[\"name\"]")), 400, "malformed_json");
    HttpResponse<Buffer> huge = rename(s.host, s.roomId(), s.takeId(), new JsonObject().put("name", "x".repeat(70_000)));
    assertEquals(413, huge.statusCode(), huge.bodyAsString());
    assertNull(listed(s.host, s.roomId(), s.takeId()).getString("name"));
  }

  @Test
  @DisplayName("only the host: a participant gets 403 not_host, a stranger 403, no session 401; an unknown take, another room's or a deleted one 404")
  void whoAndWhich() throws Exception {
    Studio s = new Studio(node);
    Browser guest = s.participant("Grace");
    assertError(renameTo(guest, s, "Mine now"), 403, "not_host");
    assertError(deleteTake(guest, s.roomId(), s.takeId()), 403, "not_host");
    Browser stranger = node.browser();
    stranger.signUp("x" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "password1", "Mallory");
    assertError(renameTo(stranger, s, "Mine now"), 403, "not_a_member");
    assertError(deleteTake(stranger, s.roomId(), s.takeId()), 403, "not_a_member");
    Browser nobody = node.browser();
    assertError(renameTo(nobody, s, "Mine now"), 401, "unauthenticated");
    assertError(deleteTake(nobody, s.roomId(), s.takeId()), 401, "unauthenticated");
    assertNull(listed(s.host, s.roomId(), s.takeId()).getString("name"));

    String unknown = UUID.randomUUID().toString();
    assertError(rename(s.host, s.roomId(), unknown, new JsonObject().put("name", "x")), 404, "not_found");
    assertError(deleteTake(s.host, s.roomId(), unknown), 404, "not_found");
    assertError(rename(s.host, s.roomId(), "not-a-uuid", new JsonObject().put("name", "x")), 404, "not_found");
    assertError(deleteTake(s.host, s.roomId(), "not-a-uuid"), 404, "not_found");
    assertError(deleteTake(s.host, s.roomId(), "x".repeat(300)), 404, "not_found");
    // The same host's other room: its take is not this room's.
    String otherRoom = s.host.post("/api/rooms", new JsonObject().put("name", "Other")).bodyAsJsonObject().getJsonObject("room").getString("id");
    assertError(rename(s.host, otherRoom, s.takeId(), new JsonObject().put("name", "x")), 404, "not_found");
    assertError(deleteTake(s.host, otherRoom, s.takeId()), 404, "not_found");

    fx.stop(s.roomId());
    assertEquals(204, deleteTake(s.host, s.roomId(), s.takeId()).statusCode());
    assertError(renameTo(s.host, s, "Too late"), 404, "not_found");
  }

  @Test
  @DisplayName("rename and delete without the CSRF header, from another origin, or with a non-JSON body are refused and change nothing")
  void crossSite() throws Exception {
    Studio s = new Studio(node);
    fx.stop(s.roomId());
    String path = "/api/rooms/" + s.roomId() + "/takes/" + s.takeId();
    Buffer body = Buffer.buffer(new JsonObject().put("name", "Planted").encode());
    String origin = node.node().config().http().origin();
    assertError(fx.raw(s.host, HttpMethod.PATCH, path, origin, "application/json", false).sendBuffer(body).await(), 403, "csrf");
    assertError(fx.raw(s.host, HttpMethod.PATCH, path, "https://evil.example", "application/json", true).sendBuffer(body).await(), 403, "bad_origin");
    assertError(fx.raw(s.host, HttpMethod.PATCH, path, origin, "text/plain", true).sendBuffer(body).await(), 415, "unsupported_media_type");
    assertError(fx.raw(s.host, HttpMethod.PATCH, path, origin, null, true).sendBuffer(body).await(), 415, "unsupported_media_type");
    assertError(fx.raw(s.host, HttpMethod.DELETE, path, origin, null, false).send().await(), 403, "csrf");
    assertError(fx.raw(s.host, HttpMethod.DELETE, path, "null", null, true).send().await(), 403, "bad_origin");
    assertError(fx.raw(s.host, HttpMethod.DELETE, path, origin, "text/plain", true).sendBuffer(Buffer.buffer("x")).await(), 415, "unsupported_media_type");
    JsonObject still = listed(s.host, s.roomId(), s.takeId());
    assertTrue(still != null && still.getString("name") == null, "nothing changed: " + still);
    // The same requests as the page sends them work.
    assertEquals(200, fx.raw(s.host, HttpMethod.PATCH, path, origin, "application/json; charset=utf-8", true).sendBuffer(body).await().statusCode());
    assertEquals(204, fx.raw(s.host, HttpMethod.DELETE, path, origin, null, true).send().await().statusCode());
  }

  @Test
  @DisplayName("five renames at once: all answer 200 and the take ends with one of the five names")
  void concurrentRenames() throws Exception {
    Studio s = new Studio(node);
    CountDownLatch go = new CountDownLatch(1);
    List<CompletableFuture<HttpResponse<Buffer>>> calls = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String name = "Name " + i;
      calls.add(TakeFixture.at(threads, go, () -> renameTo(s.host, s, name)));
    }
    go.countDown();
    for (CompletableFuture<HttpResponse<Buffer>> c : calls) {
      assertEquals(200, c.get(30, TimeUnit.SECONDS).statusCode());
    }
    String last = listed(s.host, s.roomId(), s.takeId()).getString("name");
    assertTrue(Set.of("Name 0", "Name 1", "Name 2", "Name 3", "Name 4").contains(last), last);
  }
}
