package io.podster.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthApiTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    // Per-address limits are exercised in AuthRateLimitTest; here every test shares 127.0.0.1.
    node =
        TestNode.start(
            Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "10000", "PODSTER_LOGIN_FAILURES_PER_ADDRESS", "10000"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static String email() {
    return "u" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
  }

  static void assertError(HttpResponse<Buffer> r, int status, String code) {
    assertEquals(status, r.statusCode(), r.bodyAsString());
    JsonObject error = r.bodyAsJsonObject().getJsonObject("error");
    assertEquals(code, error.getString("code"));
    assertTrue(error.getString("message").length() > 5, "a human message");
  }

  @Test
  @DisplayName("sign up returns the user and sets an HttpOnly session cookie and a readable CSRF cookie")
  void signUpSetsCookies() {
    Browser b = node.browser();
    HttpResponse<Buffer> r =
        b.post("/api/auth/signup", new JsonObject().put("email", email()).put("password", "correct horse").put("displayName", "Ada"));
    assertEquals(201, r.statusCode(), r.bodyAsString());
    JsonObject user = r.bodyAsJsonObject().getJsonObject("user");
    assertEquals("Ada", user.getString("displayName"));
    assertEquals("user", user.getString("role"));
    assertNull(user.getValue("passwordHash"));
    // Attribute names are case-insensitive (Netty writes "HTTPOnly").
    String session = r.cookies().stream().filter(c -> c.startsWith("podster_session=")).findFirst().orElseThrow().toLowerCase();
    String csrf = r.cookies().stream().filter(c -> c.startsWith("podster_csrf=")).findFirst().orElseThrow().toLowerCase();
    assertTrue(session.contains("httponly"), session);
    assertTrue(session.contains("samesite=lax"), session);
    assertTrue(session.contains("path=/"), session);
    assertTrue(session.contains("max-age=2592000"), session);
    assertTrue(!session.contains("secure"), "plain http public URL: no Secure flag");
    assertTrue(!csrf.contains("httponly"), "the page must read the CSRF cookie");
    assertEquals(user, b.get("/api/me").bodyAsJsonObject().getJsonObject("user"));
  }

  @Test
  @DisplayName("emails are normalised, so the same person cannot sign up twice")
  void emailNormalised() {
    String e = email();
    node.browser().signUp("  " + e.toUpperCase() + " ", "password1", "Bo");
    assertError(
        node.browser().post("/api/auth/signup", new JsonObject().put("email", e).put("password", "password1").put("displayName", "Bo")),
        409, "email_taken");
    HttpResponse<Buffer> login = node.browser().post("/api/auth/login", new JsonObject().put("email", e).put("password", "password1"));
    assertEquals(200, login.statusCode());
    assertEquals(e, login.bodyAsJsonObject().getJsonObject("user").getString("email"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{\"email\":\"not-an-email\",\"password\":\"password1\",\"displayName\":\"A\"}|invalid_email",
      "{\"email\":\"a@b.co\",\"password\":\"short\",\"displayName\":\"A\"}|weak_password",
      "{\"email\":\"a@b.co\",\"password\":\"password1\"}|missing_field",
      "{\"email\":\"a@b.co\",\"password\":\"password1\",\"displayName\":\"   \"}|missing_field",
      "{\"email\":42,\"password\":\"password1\",\"displayName\":\"A\"}|invalid_field",
      "{\"email\":\"a@b.co\",\"password\":[1],\"displayName\":\"A\"}|invalid_field",
      "{\"email\":\"a@b.co\",\"password\":\"password1\",\"displayName\":\"A\\u0007\"}|invalid_field",
      "{\"email\":\"a@b.co\",|malformed_json",
      "[1,2,3]|malformed_json"
  })
  @DisplayName("bad sign-up bodies get a 400 naming the problem")
  void badSignups(String row) {
    String[] parts = row.split("\\|");
    assertError(node.browser().post("/api/auth/signup", Buffer.buffer(parts[0])), 400, parts[1]);
  }

  @Test
  @DisplayName("a display name over the limit is refused, and one at the limit is kept as text")
  void displayNameLength() {
    String atLimit = "<b>" + "x".repeat(AccountRules.DISPLAY_NAME_MAX - 3);
    JsonObject user = node.browser().signUp(email(), "password1", atLimit);
    assertEquals(atLimit, user.getString("displayName"));
    assertError(
        node.browser().post("/api/auth/signup", new JsonObject().put("email", email()).put("password", "password1").put("displayName", atLimit + "y")),
        400, "invalid_field");
  }

  @Test
  @DisplayName("lengths are checked after Unicode normalisation: a name or email that grows past its limit is a 400 naming the field")
  void lengthsAfterNormalisation() {
    // U+0958 has no composed form: NFC makes it two characters. U+3300 is four under NFKC.
    String growingName = "\u0958".repeat(AccountRules.DISPLAY_NAME_MAX);
    HttpResponse<Buffer> name =
        node.browser().post("/api/auth/signup", new JsonObject().put("email", email()).put("password", "password1").put("displayName", growingName));
    assertError(name, 400, "invalid_field");
    assertTrue(name.bodyAsJsonObject().getJsonObject("error").getString("message").contains("'displayName'"));
    String growingEmail = "\u3300".repeat(80) + "@example.com";
    for (String path : new String[] {"/api/auth/signup", "/api/auth/login"}) {
      HttpResponse<Buffer> r =
          node.browser().post(path, new JsonObject().put("email", growingEmail).put("password", "password1").put("displayName", "E"));
      assertError(r, 400, "invalid_field");
      assertTrue(r.bodyAsJsonObject().getJsonObject("error").getString("message").contains("'email'"), path);
    }
    // Half as many fits exactly once normalised, and is kept in its normal form.
    String fits = "\u0958".repeat(AccountRules.DISPLAY_NAME_MAX / 2);
    JsonObject user = node.browser().signUp(email(), "password1", fits);
    assertEquals(java.text.Normalizer.normalize(fits, java.text.Normalizer.Form.NFC), user.getString("displayName"));
    assertEquals(AccountRules.DISPLAY_NAME_MAX, user.getString("displayName").length());
  }

  @Test
  @DisplayName("a body over 64 KiB is refused with 413")
  void oversized() {
    String big = "{\"email\":\"" + "a".repeat(70 * 1024) + "\"}";
    HttpResponse<Buffer> r = node.browser().post("/api/auth/signup", Buffer.buffer(big));
    assertError(r, 413, "too_large");
  }

  @Test
  @DisplayName("login with a wrong password or unknown email is 401 bad_credentials")
  void badLogin() {
    String e = email();
    node.browser().signUp(e, "password1", "C");
    assertError(node.browser().post("/api/auth/login", new JsonObject().put("email", e).put("password", "password2")), 401, "bad_credentials");
    assertError(node.browser().post("/api/auth/login", new JsonObject().put("email", email()).put("password", "password1")), 401, "bad_credentials");
    assertError(node.browser().post("/api/auth/login", new JsonObject().put("email", e)), 400, "missing_field");
  }

  @Test
  @DisplayName("repeated failed logins for one account from one address get 429 with Retry-After there, even with the right password")
  void bruteForceOneAccount() {
    String e = email();
    node.browser().signUp(e, "password1", "D");
    for (int i = 0; i < 5; i++) {
      assertError(node.browser().post("/api/auth/login", new JsonObject().put("email", e).put("password", "guess" + i + "xx")), 401, "bad_credentials");
    }
    HttpResponse<Buffer> r = node.browser().post("/api/auth/login", new JsonObject().put("email", e).put("password", "password1"));
    assertError(r, 429, "rate_limited");
    assertTrue(Integer.parseInt(r.getHeader("Retry-After")) > 0);
  }

  @Test
  @DisplayName("logout revokes the session server-side: the old token stops working at once")
  void logoutRevokes() {
    Browser b = node.browser();
    b.signUp(email(), "password1", "E");
    String token = b.cookie("podster_session");
    assertEquals(204, b.post("/api/auth/logout", null).statusCode());
    assertNull(b.cookie("podster_session"), "cookie cleared");
    Browser thief = node.browser();
    thief.setCookie("podster_session", token);
    assertError(thief.get("/api/me"), 401, "unauthenticated");
    assertError(node.client().get("/api/me").putHeader("Authorization", "Bearer " + token).send().await(), 401, "unauthenticated");
  }

  @Test
  @DisplayName("/api/me without a session is 401")
  void meAnonymous() {
    assertError(node.browser().get("/api/me"), 401, "unauthenticated");
  }

  @Test
  @DisplayName("a cookie-authenticated POST without the CSRF header is 403 csrf; with a wrong one too")
  void csrfRequired() {
    Browser b = node.browser();
    b.signUp(email(), "password1", "F");
    Browser noCsrf = node.browser();
    noCsrf.setCookie("podster_session", b.cookie("podster_session"));
    noCsrf.setCookie("podster_csrf", b.cookie("podster_csrf"));
    noCsrf.withoutCsrf();
    assertError(noCsrf.post("/api/rooms", new JsonObject().put("name", "x")), 403, "csrf");
    assertError(noCsrf.post("/api/auth/logout", null), 403, "csrf");
    // An attacker who can plant a cookie still cannot match the token's own claim.
    HttpResponse<Buffer> planted =
        node.client().post("/api/rooms")
            .putHeader("Cookie", "podster_session=" + b.cookie("podster_session") + "; podster_csrf=evil")
            .putHeader("X-CSRF-Token", "evil")
            .sendJsonObject(new JsonObject().put("name", "x")).await();
    assertError(planted, 403, "csrf");
    assertEquals(200, b.get("/api/me").statusCode(), "the session is still fine");
  }

  @Test
  @DisplayName("Authorization: Bearer works without a CSRF header")
  void bearerNeedsNoCsrf() {
    Browser b = node.browser();
    b.signUp(email(), "password1", "G");
    HttpResponse<Buffer> r =
        node.client().post("/api/rooms")
            .putHeader("Authorization", "Bearer " + b.cookie("podster_session"))
            .sendJsonObject(new JsonObject().put("name", "Bearer room")).await();
    assertEquals(201, r.statusCode(), r.bodyAsString());
  }

  @Test
  @DisplayName("forged tokens are refused: alg none, another key, expired, a deleted session, garbage")
  void forgedTokens() {
    Browser b = node.browser();
    JsonObject user = b.signUp(email(), "password1", "H");
    String real = b.cookie("podster_session");
    ForgedTokens forge = new ForgedTokens(node.node().vertx(), real);
    for (String token : new String[] {
        forge.algNone(), forge.signedWith("another-secret-another-secret-another-secret"),
        forge.expired(node.node().config().jwtSecret()),
        forge.withSession(node.node().config().jwtSecret(), UUID.randomUUID().toString(), user.getString("id")),
        "garbage", real + "x"}) {
      HttpResponse<Buffer> r = node.client().get("/api/me").putHeader("Authorization", "Bearer " + token).send().await();
      assertError(r, 401, "unauthenticated");
    }
    assertNotNull(real);
  }

  @Test
  @DisplayName("unknown API paths answer a JSON 404")
  void unknownApi() {
    assertError(node.browser().get("/api/nope"), 404, "not_found");
  }
}
