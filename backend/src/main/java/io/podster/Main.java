package io.podster;

import io.podster.config.ConfigException;
import io.podster.config.ConfigLoader;
import io.podster.config.PodsterConfig;
import io.vertx.core.Vertx;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Starts one node: configuration once, then {@link PodsterNode}; stops it on SIGTERM. */
public final class Main {
  private Main() {}

  public static void main(String[] args) throws Exception {
    CommonPool.atLeastTwoThreads(System.getProperties(), Runtime.getRuntime().availableProcessors());
    String configFile = System.getenv("PODSTER_CONFIG");
    for (int i = 0; i < args.length; i++) {
      if ("--config".equals(args[i]) && i + 1 < args.length) {
        configFile = args[++i];
      } else {
        fail("unknown argument '" + args[i] + "' (usage: podster [--config FILE])");
      }
    }
    PodsterConfig config;
    Vertx bootstrap = Vertx.vertx();
    try {
      config =
          ConfigLoader.load(bootstrap, configFile, System.getenv())
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      fail(e.getCause() instanceof ConfigException ? e.getCause().getMessage() : String.valueOf(e.getCause()));
      return;
    } finally {
      bootstrap.close();
    }
    PodsterNode node;
    try {
      node = PodsterNode.start(config).toCompletionStage().toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable cause = e.getCause();
      fail("start-up failed: " + (cause instanceof ConfigException ? cause.getMessage() : cause));
      return;
    }
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  CompletableFuture<Void> done = node.stop().toCompletionStage().toCompletableFuture();
                  try {
                    done.get(10, TimeUnit.SECONDS);
                  } catch (Exception ignored) {
                    // Exiting anyway: the process is going away.
                  }
                },
                "podster-shutdown"));
  }

  private static void fail(String line) {
    System.err.println("podster: " + line);
    System.exit(2);
  }
}
