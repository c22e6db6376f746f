package io.podster.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(VertxExtension.class)
class ConfigLoaderTest {
  @Test
  @DisplayName("defaults < JSON file < environment, and non-Podster variables are ignored")
  void layering(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) throws Exception {
    Path file = dir.resolve("podster.json");
    Files.writeString(file, "{\"PODSTER_HTTP_PORT\": 9001, \"PODSTER_S3_BUCKET\": \"from-file\"}");
    ConfigLoader.load(vertx, file.toString(), Map.of("PODSTER_HTTP_PORT", "9002", "HOME", "/root"))
        .onComplete(
            ctx.succeeding(
                c ->
                    ctx.verify(
                        () -> {
                          assertEquals(9002, c.http().port(), "environment wins over the file");
                          assertEquals("from-file", c.storage().bucket(), "file wins over defaults");
                          assertEquals("127.0.0.1", c.http().host(), "default");
                          ctx.completeNow();
                        })));
  }

  @Test
  @DisplayName("a missing or broken config file is a clear configuration error")
  void badFile(Vertx vertx, VertxTestContext ctx, @TempDir Path dir) throws Exception {
    Path broken = dir.resolve("broken.json");
    Files.writeString(broken, "{not json");
    ConfigLoader.load(vertx, dir.resolve("missing.json").toString(), Map.of())
        .onComplete(
            ctx.failing(
                e -> {
                  ctx.verify(() -> assertTrue(e.getMessage().startsWith("PODSTER_CONFIG:"), e.getMessage()));
                  ConfigLoader.load(vertx, broken.toString(), Map.of())
                      .onComplete(
                          ctx.failing(
                              e2 ->
                                  ctx.verify(
                                      () -> {
                                        assertTrue(e2 instanceof ConfigException, String.valueOf(e2));
                                        ctx.completeNow();
                                      })));
                }));
  }
}
