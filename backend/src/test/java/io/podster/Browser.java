package io.podster;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Behaves like the SPA in a browser: keeps cookies, sends the page's {@code Origin} (the public
 * URL) and JSON bodies as {@code application/json}, and the CSRF header from the
 * {@code podster_csrf} cookie on every state-changing request (unless told not to).
 */
public final class Browser {
  private final WebClient client;
  private final String origin;
  private final Map<String, String> cookies = new LinkedHashMap<>();
  private boolean sendCsrf = true;

  public Browser(WebClient client, String origin) {
    this.client = client;
    this.origin = origin;
  }

  public HttpResponse<Buffer> get(String path) {
    return send(HttpMethod.GET, path, null);
  }

  public HttpResponse<Buffer> post(String path, Object body) {
    return send(HttpMethod.POST, path, body);
  }

  public HttpResponse<Buffer> delete(String path) {
    return send(HttpMethod.DELETE, path, null);
  }

  public Browser withoutCsrf() {
    sendCsrf = false;
    return this;
  }

  public String cookie(String name) {
    return cookies.get(name);
  }

  public void setCookie(String name, String value) {
    cookies.put(name, value);
  }

  /** Signs up a fresh account and returns its user JSON. */
  public JsonObject signUp(String email, String password, String displayName) {
    HttpResponse<Buffer> r =
        post(
            "/api/auth/signup",
            new JsonObject().put("email", email).put("password", password).put("displayName", displayName));
    if (r.statusCode() != 201) {
      throw new AssertionError("signup failed: " + r.statusCode() + " " + r.bodyAsString());
    }
    return r.bodyAsJsonObject().getJsonObject("user");
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, Object body) {
    HttpRequest<Buffer> req = client.request(method, path);
    if (!cookies.isEmpty()) {
      StringBuilder header = new StringBuilder();
      cookies.forEach((k, v) -> header.append(header.length() == 0 ? "" : "; ").append(k).append('=').append(v));
      req.putHeader("Cookie", header.toString());
    }
    if (sendCsrf && method != HttpMethod.GET && cookies.containsKey("podster_csrf")) {
      req.putHeader("X-CSRF-Token", cookies.get("podster_csrf"));
    }
    req.putHeader("Origin", origin);
    try {
      HttpResponse<Buffer> response =
          (body == null
                  ? req.send()
                  : body instanceof Buffer raw
                      ? req.putHeader("Content-Type", "application/json").sendBuffer(raw)
                      : req.sendJsonObject((JsonObject) body))
              .await(30, TimeUnit.SECONDS);
      for (String set : response.cookies()) {
        String[] nameValue = set.split(";", 2)[0].split("=", 2);
        if (set.toLowerCase().contains("max-age=0")) {
          cookies.remove(nameValue[0]);
        } else {
          cookies.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
        }
      }
      return response;
    } catch (Exception e) {
      throw new IllegalStateException(method + " " + path + " failed", e);
    }
  }
}
