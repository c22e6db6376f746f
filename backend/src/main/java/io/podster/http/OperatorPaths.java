package io.podster.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * On the public listener, answers 404 for every spelling of the operators' endpoints
 * ({@code /metrics/}, {@code /METRICS}, {@code //metrics}, {@code /metrics%2F},
 * {@code /health/./cluster}, …): they live on the admin listener, and a proxy rule or a route
 * matched loosely must never expose them here.
 */
final class OperatorPaths implements Handler<RoutingContext> {
  private static final Pattern OPERATOR = Pattern.compile("/(metrics|health/cluster)(/.*)?");

  @Override
  public void handle(RoutingContext ctx) {
    if (OPERATOR.matcher(canonical(ctx.request().path())).matches()) {
      ctx.fail(404);
    } else {
      ctx.next();
    }
  }

  /** Percent-decoded until stable, lower case, repeated slashes and dot segments removed. */
  static String canonical(String rawPath) {
    String p = rawPath == null ? "/" : rawPath;
    for (int i = 0; i < 3 && p.contains("%"); i++) {
      try {
        p = URLDecoder.decode(p.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException malformed) {
        break;
      }
    }
    p = p.toLowerCase(Locale.ROOT).replace('\\', '/');
    StringBuilder out = new StringBuilder();
    for (String segment : p.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        int cut = out.lastIndexOf("/");
        out.setLength(Math.max(cut, 0));
        continue;
      }
      out.append('/').append(segment.split(";", 2)[0]);
    }
    return out.length() == 0 ? "/" : out.toString();
  }
}
