package io.podster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.TestNode;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ForwardedForTest {
  static int signup(TestNode node, String forwardedFor) throws Exception {
    var req = node.client().post("/api/auth/signup");
    if (forwardedFor != null) {
      req.putHeader("X-Forwarded-For", forwardedFor);
    }
    JsonObject body =
        new JsonObject().put("email", "x" + UUID.randomUUID().toString().substring(0, 8) + "@example.com").put("password", "password1").put("displayName", "X");
    return req.sendJsonObject(body).await(10, TimeUnit.SECONDS).statusCode();
  }

  @Test
  @DisplayName("behind a trusted proxy, sign-up limits count the client named in X-Forwarded-For; otherwise the header is ignored")
  void rateLimitsUseForwardedClient() throws Exception {
    try (TestNode trusting = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "1", "PODSTER_TRUSTED_PROXIES", "127.0.0.1"))) {
      assertEquals(201, signup(trusting, "198.51.100.1"));
      assertEquals(429, signup(trusting, "198.51.100.1"));
      assertEquals(201, signup(trusting, "198.51.100.2"));
    }
    try (TestNode plain = TestNode.start(Map.of("PODSTER_SIGNUPS_PER_ADDRESS", "1"))) {
      assertEquals(201, signup(plain, "198.51.100.1"));
      assertEquals(429, signup(plain, "198.51.100.2"), "a forged header must not buy a fresh budget");
    }
  }
}
