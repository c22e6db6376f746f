package io.podster.auth;

import static io.podster.auth.AuthApiTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Login CSRF: another site's page can POST {@code text/plain} (no preflight) with its own Origin.
 * Neither may sign the visitor in, nor change anything for a signed-in visitor.
 */
class CrossSiteGuardTest {
  static TestNode node;
  static String origin;

  @BeforeAll
  static void start() {
    node = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000"));
    origin = node.node().config().http().origin();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static String email() {
    return "x" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  /** What a hostile page's form or no-cors fetch sends: its own Origin, a body it may choose. */
  static HttpResponse<Buffer> send(String path, String origin, String contentType, String body, String cookies) {
    HttpRequest<Buffer> req = node.client().request(HttpMethod.POST, path);
    if (origin != null) {
      req.putHeader("Origin", origin);
    }
    if (contentType != null) {
      req.putHeader("Content-Type", contentType);
    }
    if (cookies != null) {
      req.putHeader("Cookie", cookies);
    }
    return (body == null ? req.send() : req.sendBuffer(Buffer.buffer(body))).await();
  }

  static void assertNoCookies(HttpResponse<Buffer> r) {
    assertTrue(r.cookies().isEmpty(), "no session may be set: " + r.cookies());
  }

  @Test
  @DisplayName("login, sign-up and invite join from another origin or as text/plain: 403 bad_origin / 415, no cookies")
  void anonymousEndpoints() {
    String e = email();
    node.browser().signUp(e, "password1", "Mallory");
    Browser hostBrowser = node.browser();
    hostBrowser.signUp(email(), "password1", "Host");
    String code =
        hostBrowser.post("/api/rooms", new JsonObject().put("name", "Show")).bodyAsJsonObject().getJsonObject("room").getString("inviteCode");
    Map<String, String> bodies =
        Map.of(
            "/api/auth/login", new JsonObject().put("email", e).put("password", "password1").encode(),
            "/api/auth/signup", new JsonObject().put("email", email()).put("password", "password1").put("displayName", "V").encode(),
            "/api/invites/" + code + "/join", new JsonObject().put("displayName", "Victim").encode());
    bodies.forEach(
        (path, body) -> {
          HttpResponse<Buffer> evil = send(path, "http://evil.example", "text/plain", body, null);
          assertError(evil, 403, "bad_origin");
          assertNoCookies(evil);
          HttpResponse<Buffer> evilJson = send(path, "http://evil.example", "application/json", body, null);
          assertError(evilJson, 403, "bad_origin");
          assertNoCookies(evilJson);
          HttpResponse<Buffer> nullOrigin = send(path, "null", "application/json", body, null);
          assertError(nullOrigin, 403, "bad_origin");
          HttpResponse<Buffer> plain = send(path, origin, "text/plain", body, null);
          assertError(plain, 415, "unsupported_media_type");
          assertNoCookies(plain);
          assertError(send(path, origin, "application/x-www-form-urlencoded", body, null), 415, "unsupported_media_type");
          assertError(send(path, null, "text/plain;charset=UTF-8", body, null), 415, "unsupported_media_type");
          assertError(send(path, origin, null, body, null), 415, "unsupported_media_type");
        });
    // The same requests from the page itself, and from a non-browser client (no Origin), work.
    assertEquals(200, send("/api/auth/login", origin, "application/json; charset=utf-8", bodies.get("/api/auth/login"), null).statusCode());
    assertEquals(200, send("/api/auth/login", null, "application/json", bodies.get("/api/auth/login"), null).statusCode());
    assertEquals(201, send("/api/auth/signup", origin, "application/json", bodies.get("/api/auth/signup"), null).statusCode());
    assertEquals(200, send("/api/invites/" + code + "/join", origin, "Application/JSON", bodies.get("/api/invites/" + code + "/join"), null).statusCode());
  }

  @Test
  @DisplayName("a signed-in endpoint with the right CSRF token is still refused from another origin or as text/plain; bodiless logout needs no type")
  void signedInEndpoint() {
    Browser b = node.browser();
    b.signUp(email(), "password1", "Ada");
    String cookies = "podster_session=" + b.cookie("podster_session") + "; podster_csrf=" + b.cookie("podster_csrf");
    String room = new JsonObject().put("name", "Planted").encode();
    HttpRequest<Buffer> evil =
        node.client().post("/api/rooms").putHeader("Cookie", cookies).putHeader("X-CSRF-Token", b.cookie("podster_csrf"))
            .putHeader("Origin", "https://evil.example").putHeader("Content-Type", "application/json");
    assertError(evil.sendBuffer(Buffer.buffer(room)).await(), 403, "bad_origin");
    HttpRequest<Buffer> plain =
        node.client().post("/api/rooms").putHeader("Cookie", cookies).putHeader("X-CSRF-Token", b.cookie("podster_csrf"))
            .putHeader("Origin", origin).putHeader("Content-Type", "text/plain");
    assertError(plain.sendBuffer(Buffer.buffer(room)).await(), 415, "unsupported_media_type");
    assertEquals(0, b.get("/api/rooms").bodyAsJsonObject().getJsonArray("rooms").size(), "no room was created");
    assertError(
        node.client().delete("/api/recordings/nope").putHeader("Cookie", cookies).putHeader("X-CSRF-Token", b.cookie("podster_csrf"))
            .putHeader("Origin", "http://evil.example").send().await(),
        403, "bad_origin");
    assertEquals(201, b.post("/api/rooms", new JsonObject().put("name", "Mine")).statusCode());
    // Logout has no body: no content type needed (the page's fetch sends none).
    assertEquals(204, b.post("/api/auth/logout", null).statusCode());
  }
}
