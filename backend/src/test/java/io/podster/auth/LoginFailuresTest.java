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

/**
 * Failed logins count per (account, address): nobody can lock an account's owner out. Behind a
 * trusted proxy (the test client on 127.0.0.1), {@code X-Forwarded-For} names each client.
 */
class LoginFailuresTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node =
        TestNode.start(
            Map.of(
                "PODSTER_TRUSTED_PROXIES", "127.0.0.1",
                "PODSTER_SIGNUPS_PER_ADDRESS", "10000",
                // Small budgets keep the bcrypt work short; the rules are the same at 5, 20, 900.
                "PODSTER_LOGIN_FAILURES_PER_ACCOUNT", "3",
                "PODSTER_LOGIN_FAILURES_PER_ADDRESS", "8",
                "PODSTER_LOGIN_WINDOW_SECONDS", "60"));
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  static HttpResponse<Buffer> login(String email, String password, String from) {
    return node.client()
        .post("/api/auth/login")
        .putHeader("X-Forwarded-For", from)
        .sendJsonObject(new JsonObject().put("email", email).put("password", password))
        .await();
  }

  static String account() {
    String e = email();
    node.browser().signUp(e, "correct horse", "Carol");
    return e;
  }

  @Test
  @DisplayName("the budget of wrong passwords from one address locks that address out of the account, not the owner at another address")
  void noLockoutOfTheOwner() {
    String carol = account();
    for (int i = 0; i < 3; i++) {
      assertError(login(carol, "wrong" + i + "xxxx", "203.0.113.9"), 401, "bad_credentials");
    }
    HttpResponse<Buffer> attacker = login(carol, "correct horse", "203.0.113.9");
    assertError(attacker, 429, "rate_limited");
    assertTrue(Long.parseLong(attacker.getHeader("Retry-After")) > 50, "the pair waits out the window");
    HttpResponse<Buffer> owner = login(carol, "correct horse", "198.51.100.20");
    assertEquals(200, owner.statusCode(), owner.bodyAsString());
    assertTrue(owner.cookies().stream().anyMatch(c -> c.startsWith("podster_session=")));
  }

  @Test
  @DisplayName("failures from many addresses slow each failing address down with a doubling delay; a clean address still gets in")
  void manyAddressesSlowDown() throws Exception {
    String carol = account();
    for (int i = 1; i <= 5; i++) {
      assertError(login(carol, "wrong" + i + "xxxx", "192.0.2." + i), 401, "bad_credentials");
    }
    // Five failures in all, two past the budget: a failing address waits 2^2 = 4 s since its own
    // failure, then may try again. Slowed, not locked.
    HttpResponse<Buffer> slowed = login(carol, "wrongagain", "192.0.2.5");
    assertError(slowed, 429, "rate_limited");
    long wait = Long.parseLong(slowed.getHeader("Retry-After"));
    assertTrue(wait >= 1 && wait <= 4, "Retry-After " + wait);
    Thread.sleep(wait * 1000 + 100);
    assertError(login(carol, "wrong5xxxx", "192.0.2.5"), 401, "bad_credentials");
    // Every further failure doubles the delay: after 9 in all, an address waits 2^6 s, capped at the window (60 s).
    for (int i = 6; i <= 8; i++) {
      assertError(login(carol, "wrong" + i + "xxxx", "192.0.2." + i), 401, "bad_credentials");
    }
    HttpResponse<Buffer> later = login(carol, "wrongagain", "192.0.2.3");
    assertError(later, 429, "rate_limited");
    assertTrue(Long.parseLong(later.getHeader("Retry-After")) > 50, later.getHeader("Retry-After"));
    // An address that never failed for carol is not held back: its wrong guess is judged, and the owner's right password gets in.
    assertError(login(carol, "wrong9xxxx", "192.0.2.200"), 401, "bad_credentials");
    HttpResponse<Buffer> owner = login(carol, "correct horse", "198.51.100.30");
    assertEquals(200, owner.statusCode(), owner.bodyAsString());
    // Another account at those addresses is untouched.
    String dave = account();
    assertEquals(200, login(dave, "correct horse", "192.0.2.3").statusCode());
  }

  @Test
  @DisplayName("one address failing across many accounts is stopped by the per-address budget")
  void perAddressBudget() {
    for (int i = 0; i < 8; i++) {
      assertError(login(email(), "password1", "203.0.113.77"), 401, "bad_credentials");
    }
    String erin = account();
    assertError(login(erin, "correct horse", "203.0.113.77"), 429, "rate_limited");
    assertEquals(200, login(erin, "correct horse", "203.0.113.78").statusCode());
  }
}
