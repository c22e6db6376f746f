package io.podster.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;
import java.util.regex.Pattern;

/**
 * The single-page app from the classpath ({@code webroot/}, put there by the spa module), with
 * history fallback: a page path such as {@code /rooms/{id}} answers with index.html so the app's
 * router can take over after a reload.
 */
public final class SpaRoutes {
  private static final Pattern PAGE = Pattern.compile("/(|login|signup|rooms(/[^/.]+)?|join/[^/.]+)");
  private final Buffer indexHtml;

  public SpaRoutes(Buffer indexHtml) {
    this.indexHtml = indexHtml;
  }

  public void mount(Router router) {
    router
        .getWithRegex(PAGE.pattern())
        .handler(
            ctx ->
                ctx.response()
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .end(indexHtml));
    // Vite fingerprints asset names, so they can be cached for good.
    router.get("/assets/*").handler(ctx -> {
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=31536000, immutable");
      ctx.next();
    });
    router.get("/*").handler(StaticHandler.create("webroot").setIndexPage("index.html"));
  }
}
