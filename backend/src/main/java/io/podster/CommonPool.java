package io.podster;

import java.util.Properties;

/**
 * Sizes the JDK's common fork-join pool to at least two threads. With fewer than three cores the
 * JDK gives it one, and then both {@code CompletableFuture}'s and Hazelcast's default async
 * executors start a new thread for every task. Hazelcast completes every async map call that way:
 * on 2 cores each clustered node started about 160 threads a second under signaling load. Must run
 * before anything touches {@code ForkJoinPool}; an operator's own setting is left alone.
 */
final class CommonPool {
  static final String PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

  private CommonPool() {}

  /** Sets the parallelism in {@code properties} to 2 where the JDK would choose less. */
  static void atLeastTwoThreads(Properties properties, int cores) {
    if (properties.getProperty(PARALLELISM) == null && cores - 1 < 2) {
      properties.setProperty(PARALLELISM, "2");
    }
  }
}
