package io.podster.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.TestNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class HttpBasicsTest {
  static TestNode node;

  @BeforeAll
  static void start() {
    node = TestNode.start();
  }

  @AfterAll
  static void stop() {
    node.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/", "/rooms/3f1c1d2e-0000-4000-8000-000000000000", "/join/abcDEF123_-abcDEF123_-x", "/login"})
  @DisplayName("page paths serve the SPA's index.html (history fallback)")
  void historyFallback(String path) {
    HttpResponse<Buffer> r = node.client().get(path).send().await();
    assertEquals(200, r.statusCode());
    assertTrue(r.getHeader("Content-Type").startsWith("text/html"));
    assertTrue(r.bodyAsString().contains("<div id=\"root\">") || r.bodyAsString().contains("id=\"root\""), r.bodyAsString());
  }

  @Test
  @DisplayName("every response carries the security headers; the CSP allows no inline script")
  void securityHeaders() {
    for (String path : new String[] {"/", "/api/me", "/health/live"}) {
      HttpResponse<Buffer> r = node.client().get(path).send().await();
      String csp = r.getHeader("Content-Security-Policy");
      assertTrue(csp.contains("script-src 'self'"), csp);
      assertFalse(csp.replaceAll("style-src[^;]*", "").contains("unsafe-inline"), csp);
      assertTrue(csp.contains("frame-ancestors 'none'"));
      assertTrue(csp.contains(node.node().config().storage().effectiveEndpoint()), "browsers PUT parts to the store");
      assertEquals("nosniff", r.getHeader("X-Content-Type-Options"));
      assertEquals("strict-origin-when-cross-origin", r.getHeader("Referrer-Policy"));
      assertNull(r.getHeader("Strict-Transport-Security"), "no HSTS over plain http");
    }
  }

  @Test
  @DisplayName("the built SPA's script and style assets are served")
  void assets() {
    String html = node.client().get("/").send().await().bodyAsString();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(html);
    assertTrue(m.find(), html);
    HttpResponse<Buffer> js = node.client().get(m.group(1)).send().await();
    assertEquals(200, js.statusCode());
    assertTrue(js.getHeader("Cache-Control").contains("immutable"));
  }

  @Test
  @DisplayName("/health/live and /health/ready are UP with the database and object store checked")
  void health() {
    assertEquals(200, node.client().get("/health/live").send().await().statusCode());
    HttpResponse<Buffer> ready = node.client().get("/health/ready").send().await();
    assertEquals(200, ready.statusCode(), ready.bodyAsString());
    JsonObject body = ready.bodyAsJsonObject();
    assertEquals("UP", body.getString("outcome"));
    String checks = body.getJsonArray("checks").encode();
    assertTrue(checks.contains("database") && checks.contains("object-store"), checks);
  }

  @Test
  @DisplayName("failures never leak stack traces: a wrong method on an API path is a JSON error")
  void noStackTraces() {
    HttpResponse<Buffer> r = node.client().put("/api/auth/login").sendBuffer(Buffer.buffer("{}")).await();
    assertTrue(r.statusCode() >= 400 && r.statusCode() < 500);
    assertTrue(r.bodyAsJsonObject().getJsonObject("error").getString("code").length() > 0);
    assertFalse(r.bodyAsString().contains("Exception"));
  }
}
