package io.podster.config;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads configuration with vertx-config: built-in defaults (in {@link ConfigParser}) &lt; JSON file
 * &lt; environment. The file uses the same keys as the environment, so an operator can move a
 * setting between the two without renaming it.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  public static Future<PodsterConfig> load(Vertx vertx, String configFile, Map<String, String> env) {
    ConfigRetrieverOptions options = new ConfigRetrieverOptions().setScanPeriod(-1);
    if (configFile != null) {
      if (!Files.isReadable(Path.of(configFile))) {
        return Future.failedFuture(
            new ConfigException("PODSTER_CONFIG", "cannot read config file " + configFile));
      }
      options.addStore(
          new ConfigStoreOptions()
              .setType("file")
              .setFormat("json")
              .setConfig(new JsonObject().put("path", configFile)));
    }
    JsonObject fromEnv = new JsonObject();
    env.forEach(
        (k, v) -> {
          if (k.startsWith("PODSTER_")) {
            fromEnv.put(k, v);
          }
        });
    options.addStore(new ConfigStoreOptions().setType("json").setConfig(fromEnv));
    ConfigRetriever retriever = ConfigRetriever.create(vertx, options);
    return retriever
        .getConfig()
        .recover(
            e ->
                Future.failedFuture(
                    new ConfigException("PODSTER_CONFIG", "invalid JSON config: " + e.getMessage())))
        .map(ConfigParser::parse)
        .onComplete(x -> retriever.close());
  }
}
