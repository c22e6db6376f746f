package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.UUID;

/** People and rooms on a test node: a host with a room, guests by invite. */
public final class SignalingFixture {
  private SignalingFixture() {}

  public static Browser host(TestNode node) {
    Browser b = node.browser();
    b.signUp("s" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "password1", "Hostess");
    return b;
  }

  public static JsonObject newRoom(Browser host) {
    HttpResponse<Buffer> r = host.post("/api/rooms", new JsonObject().put("name", "Episode"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    return r.bodyAsJsonObject().getJsonObject("room");
  }

  public static Browser guest(TestNode node, JsonObject room, String name) {
    Browser b = node.browser();
    HttpResponse<Buffer> r =
        b.post("/api/invites/" + room.getString("inviteCode") + "/join", new JsonObject().put("displayName", name));
    assertEquals(200, r.statusCode(), r.bodyAsString());
    return b;
  }
}
