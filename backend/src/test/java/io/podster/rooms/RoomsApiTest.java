package io.podster.rooms;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RoomsApiTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    assertEquals(code, r.bodyAsJsonObject().getJsonObject("error").getString("code"));
  }

  static Browser host() {
    Browser b = node.browser();
    b.signUp("h" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "password1", "Host");
    return b;
  }

  static JsonObject newRoom(Browser b, String name) {
    HttpResponse<Buffer> r = b.post("/api/rooms", new JsonObject().put("name", name));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonObject("room");
  }

  @Test
  @DisplayName("a host creates rooms, lists them newest first, and gets one")
  void createListGet() {
    Browser b = host();
    String me = b.get("/api/me").bodyAsJsonObject().getJsonObject("user").getString("id");
    JsonObject first = newRoom(b, "Episode 1");
    JsonObject second = newRoom(b, "Episode 2");
    assertEquals(me, first.getString("ownerId"));
    assertTrue(first.getString("inviteCode").matches("[A-Za-z0-9_-]{24}"), "144-bit URL-safe code");
    assertNotEquals(first.getString("inviteCode"), second.getString("inviteCode"));
    assertTrue(first.getString("createdAt").endsWith("Z"));
    JsonArray rooms = b.get("/api/rooms").bodyAsJsonObject().getJsonArray("rooms");
    assertEquals(2, rooms.size());
    assertEquals("Episode 2", rooms.getJsonObject(0).getString("name"));
    assertEquals(first, b.get("/api/rooms/" + first.getString("id")).bodyAsJsonObject().getJsonObject("room"));
  }

  @Test
  @DisplayName("another user's room is 403; unknown and malformed ids are 404; anonymous is 401")
  void access() {
    JsonObject room = newRoom(host(), "Private");
    Browser stranger = host();
    assertError(stranger.get("/api/rooms/" + room.getString("id")), 403, "not_a_member");
    assertError(stranger.get("/api/rooms/" + UUID.randomUUID()), 404, "not_found");
    assertError(stranger.get("/api/rooms/not-a-uuid"), 404, "not_found");
    assertError(node.browser().get("/api/rooms/" + room.getString("id")), 401, "unauthenticated");
    assertError(node.browser().get("/api/rooms"), 401, "unauthenticated");
    assertEquals(0, stranger.get("/api/rooms").bodyAsJsonObject().getJsonArray("rooms").size());
  }

  @Test
  @DisplayName("bad room bodies: missing, empty, too long, wrong type, malformed, oversized")
  void badRoomBodies() {
    Browser b = host();
    assertError(b.post("/api/rooms", new JsonObject()), 400, "missing_field");
    assertError(b.post("/api/rooms", new JsonObject().put("name", "  ")), 400, "missing_field");
    assertError(b.post("/api/rooms", new JsonObject().put("name", "x".repeat(201))), 400, "invalid_field");
    assertError(b.post("/api/rooms", new JsonObject().put("name", 7)), 400, "invalid_field");
    assertError(b.post("/api/rooms", Buffer.buffer("{\"name\":")), 400, "malformed_json");
    assertError(b.post("/api/rooms", Buffer.buffer("{\"name\":\"" + "y".repeat(65 * 1024) + "\"}")), 413, "too_large");
  }

  @Test
  @DisplayName("a guest joins by invite without an account, sees only that room, and cannot create rooms")
  void guestJoin() {
    Browser hostB = host();
    JsonObject room = newRoom(hostB, "Interview");
    JsonObject other = newRoom(hostB, "Other");
    Browser guest = node.browser();
    HttpResponse<Buffer> r =
        guest.post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject().put("displayName", "Grace"));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject user = r.bodyAsJsonObject().getJsonObject("user");
    assertEquals("guest", user.getString("role"));
    assertEquals(null, user.getString("email"));
    assertEquals(room.getString("id"), r.bodyAsJsonObject().getJsonObject("room").getString("id"));
    String setCookie = r.cookies().stream().filter(c -> c.startsWith("podster_session=")).findFirst().orElseThrow();
    assertTrue(setCookie.contains("Max-Age=86400"), "guests stay signed in for a day: " + setCookie);

    assertEquals(200, guest.get("/api/rooms/" + room.getString("id")).statusCode());
    assertError(guest.get("/api/rooms/" + other.getString("id")), 403, "not_a_member");
    JsonArray mine = guest.get("/api/rooms").bodyAsJsonObject().getJsonArray("rooms");
    assertEquals(1, mine.size());
    assertError(guest.post("/api/rooms", new JsonObject().put("name", "mine")), 403, "guest_not_allowed");
    assertEquals("guest", guest.get("/api/me").bodyAsJsonObject().getJsonObject("user").getString("role"));
  }

  @Test
  @DisplayName("a signed-in account joining by invite becomes a member as itself")
  void accountJoin() {
    JsonObject room = newRoom(host(), "Panel");
    Browser friend = host();
    String friendId = friend.get("/api/me").bodyAsJsonObject().getJsonObject("user").getString("id");
    HttpResponse<Buffer> r = friend.post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject());
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals(friendId, r.bodyAsJsonObject().getJsonObject("user").getString("id"));
    assertEquals(200, friend.get("/api/rooms/" + room.getString("id")).statusCode());
    // Joining twice is harmless.
    assertEquals(200, friend.post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject()).statusCode());
    assertEquals(1, friend.get("/api/rooms").bodyAsJsonObject().getJsonArray("rooms").size());
  }

  @Test
  @DisplayName("bad invites: unknown or malformed code is 404; a guest without a display name is 400")
  void badInvites() {
    JsonObject room = newRoom(host(), "Show");
    assertError(node.browser().post("/api/invites/AAAAAAAAAAAAAAAAAAAAAAAA/join", new JsonObject().put("displayName", "X")), 404, "invite_not_found");
    assertError(node.browser().post("/api/invites/short/join", new JsonObject().put("displayName", "X")), 404, "invite_not_found");
    assertError(node.browser().post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject()), 400, "missing_field");
    assertError(node.browser().post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject().put("displayName", "z".repeat(61))), 400, "invalid_field");
    assertError(node.browser().post("/api/invites/" + room.getString("inviteCode") + "/join", Buffer.buffer("nope")), 400, "malformed_json");
  }

  @Test
  @DisplayName("a guest's display name is measured after normalisation: 60 × U+0958 (120 under NFC) is a 400, not a 500")
  void guestNameAfterNormalisation() {
    JsonObject room = newRoom(host(), "Show");
    HttpResponse<Buffer> r =
        node.browser().post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject().put("displayName", "\u0958".repeat(60)));
    assertError(r, 400, "invalid_field");
    assertTrue(r.bodyAsJsonObject().getJsonObject("error").getString("message").contains("'displayName'"));
    HttpResponse<Buffer> ok =
        node.browser().post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject().put("displayName", "\u0958".repeat(30)));
    assertEquals(200, ok.statusCode(), ok.bodyAsString());
  }

  @Test
  @DisplayName("only the host is sent the invite code: not a guest (join answer, get, list) nor an account that joined")
  void inviteCodeOnlyForHost() {
    Browser hostB = host();
    JsonObject room = newRoom(hostB, "Secret code");
    String id = room.getString("id");
    String code = room.getString("inviteCode");
    assertEquals(code, hostB.get("/api/rooms/" + id).bodyAsJsonObject().getJsonObject("room").getString("inviteCode"));
    assertEquals(code, hostB.get("/api/rooms").bodyAsJsonObject().getJsonArray("rooms").getJsonObject(0).getString("inviteCode"));

    Browser guest = node.browser();
    HttpResponse<Buffer> joined = guest.post("/api/invites/" + code + "/join", new JsonObject().put("displayName", "Gil"));
    assertEquals(200, joined.statusCode(), joined.bodyAsString());
    Browser friend = host();
    HttpResponse<Buffer> friendJoined = friend.post("/api/invites/" + code + "/join", new JsonObject());
    assertEquals(200, friendJoined.statusCode(), friendJoined.bodyAsString());
    for (JsonObject seen :
        new JsonObject[] {
          joined.bodyAsJsonObject().getJsonObject("room"),
          guest.get("/api/rooms/" + id).bodyAsJsonObject().getJsonObject("room"),
          guest.get("/api/rooms").bodyAsJsonObject().getJsonArray("rooms").getJsonObject(0),
          friendJoined.bodyAsJsonObject().getJsonObject("room"),
          friend.get("/api/rooms/" + id).bodyAsJsonObject().getJsonObject("room"),
          friend.get("/api/rooms").bodyAsJsonObject().getJsonArray("rooms").getJsonObject(0)
        }) {
      assertEquals(id, seen.getString("id"));
      assertEquals("Secret code", seen.getString("name"));
      assertTrue(!seen.containsKey("inviteCode"), seen.encode());
      assertTrue(!seen.encode().contains(code), seen.encode());
    }
  }

  @Test
  @DisplayName("the host's New invite link replaces the code: the old one answers 404 at once, the new one lets people in; only the host may")
  void newInviteLink() {
    Browser hostB = host();
    JsonObject room = newRoom(hostB, "Rotating");
    String id = room.getString("id");
    String old = room.getString("inviteCode");
    Browser guest = node.browser();
    assertEquals(200, guest.post("/api/invites/" + old + "/join", new JsonObject().put("displayName", "Early")).statusCode());

    HttpResponse<Buffer> r = hostB.post("/api/rooms/" + id + "/invite", null);
    assertEquals(200, r.statusCode(), r.bodyAsString());
    JsonObject renewed = r.bodyAsJsonObject().getJsonObject("room");
    assertEquals(id, renewed.getString("id"));
    String fresh = renewed.getString("inviteCode");
    assertTrue(fresh.matches("[A-Za-z0-9_-]{24}"), fresh);
    assertNotEquals(old, fresh);
    assertEquals(fresh, hostB.get("/api/rooms/" + id).bodyAsJsonObject().getJsonObject("room").getString("inviteCode"));

    assertError(node.browser().post("/api/invites/" + old + "/join", new JsonObject().put("displayName", "Late")), 404, "invite_not_found");
    assertEquals(200, node.browser().post("/api/invites/" + fresh + "/join", new JsonObject().put("displayName", "New")).statusCode());
    assertEquals(200, guest.get("/api/rooms/" + id).statusCode(), "members stay members");

    assertError(guest.post("/api/rooms/" + id + "/invite", null), 403, "not_host");
    assertError(host().post("/api/rooms/" + id + "/invite", null), 403, "not_a_member");
    assertError(node.browser().post("/api/rooms/" + id + "/invite", null), 401, "unauthenticated");
    assertError(hostB.post("/api/rooms/" + java.util.UUID.randomUUID() + "/invite", null), 404, "not_found");
    assertEquals(fresh, hostB.get("/api/rooms/" + id).bodyAsJsonObject().getJsonObject("room").getString("inviteCode"), "refusals changed nothing");
  }

  @Test
  @DisplayName("the host picks the room's recording quality (720p, 1080p by default, 2160p); everyone in the room is told it, only the host may change it")
  void videoQuality() {
    Browser hostB = host();
    JsonObject room = newRoom(hostB, "Quality");
    String id = room.getString("id");
    assertEquals("1080p", room.getString("videoQuality"));
    Browser guest = node.browser();
    assertEquals(200, guest.post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject().put("displayName", "Gil")).statusCode());

    HttpResponse<Buffer> r = hostB.send(io.vertx.core.http.HttpMethod.PATCH, "/api/rooms/" + id, new JsonObject().put("videoQuality", "2160p"));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    assertEquals("2160p", r.bodyAsJsonObject().getJsonObject("room").getString("videoQuality"));
    assertEquals("2160p", guest.get("/api/rooms/" + id).bodyAsJsonObject().getJsonObject("room").getString("videoQuality"), "the guest's camera follows it");

    for (Object bad : new Object[] {"4k", "1080P", 1080, "1080p; DROP TABLE rooms"}) {
      assertError(hostB.send(io.vertx.core.http.HttpMethod.PATCH, "/api/rooms/" + id, new JsonObject().put("videoQuality", bad)), 400, "invalid_field");
    }
    assertError(hostB.send(io.vertx.core.http.HttpMethod.PATCH, "/api/rooms/" + id, new JsonObject()), 400, "missing_field");
    assertError(guest.send(io.vertx.core.http.HttpMethod.PATCH, "/api/rooms/" + id, new JsonObject().put("videoQuality", "720p")), 403, "not_host");
    assertError(host().send(io.vertx.core.http.HttpMethod.PATCH, "/api/rooms/" + id, new JsonObject().put("videoQuality", "720p")), 403, "not_a_member");
    assertError(node.browser().send(io.vertx.core.http.HttpMethod.PATCH, "/api/rooms/" + id, new JsonObject().put("videoQuality", "720p")), 401, "unauthenticated");
    assertEquals("2160p", hostB.get("/api/rooms/" + id).bodyAsJsonObject().getJsonObject("room").getString("videoQuality"), "refusals changed nothing");
  }
}
