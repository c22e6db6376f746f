package io.podster.signaling.bench;

import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.internal.VertxInternal;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * CPU time of the load generator (its Vert.x event-loop threads) and of the server under test
 * (other processes), so a figure can be read against the 2 cores the
 * two share: a server that cannot go faster because the generator takes the other core shows it.
 */
final class GeneratorCpu {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final List<Long> ids = new ArrayList<>();

  GeneratorCpu(io.vertx.core.Vertx clients) throws Exception {
    for (EventExecutor loop : ((VertxInternal) clients).nettyEventLoopGroup()) {
      ids.add(loop.submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS));
    }
  }

  /** How many event-loop threads the generator has. */
  int threads() {
    return ids.size();
  }

  /** Nanoseconds of CPU the generator's threads have used. */
  long generatorNanos() {
    long sum = 0;
    for (long id : ids) {
      long t = threads.getThreadCpuTime(id);
      if (t > 0) {
        sum += t;
      }
    }
    return sum;
  }

  /** The server's CPU: another process's, read from the OS. */
  static LongSupplier of(Process p) {
    return of(p.pid());
  }

  static LongSupplier of(long pid) {
    ProcessHandle handle = ProcessHandle.of(pid).orElseThrow();
    return () -> handle.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
  }
}
