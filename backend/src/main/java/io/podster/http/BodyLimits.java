package io.podster.http;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;

/**
 * How large a request body the API reads before answering 413. Every body is small JSON except a
 * multipart upload's completion, which lists up to 10,000 parts with their ETags (about 600 KB).
 */
public final class BodyLimits {
  public static final int DEFAULT_BYTES = 64 * 1024;
  public static final int COMPLETE_UPLOAD_BYTES = 1024 * 1024;
  /** The route (under /api) whose body may be {@link #COMPLETE_UPLOAD_BYTES}. */
  public static final String COMPLETE_UPLOAD_ROUTE = "/recordings/:id/complete";

  private BodyLimits() {}

  /** Installs the body handlers on the API router, before any API route. */
  static void mount(Router api) {
    // The first body handler a request meets reads the body; later ones see it was read and pass.
    api.post(COMPLETE_UPLOAD_ROUTE).handler(BodyHandler.create(false).setBodyLimit(COMPLETE_UPLOAD_BYTES));
    api.route().handler(BodyHandler.create(false).setBodyLimit(DEFAULT_BYTES));
  }
}
