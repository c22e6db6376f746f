package io.podster.signaling.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/** One-way latencies in 10 µs buckets up to 5 s (later ones count in the last bucket); thread-safe. */
final class Latency {
  private static final long BUCKET_NANOS = 10_000;
  private final AtomicLongArray counts = new AtomicLongArray(500_000);

  void record(long nanos) {
    counts.incrementAndGet((int) Math.max(0, Math.min(counts.length() - 1, nanos / BUCKET_NANOS)));
  }

  void reset() {
    for (int i = 0; i < counts.length(); i++) {
      counts.set(i, 0);
    }
  }

  /** The q-quantile in milliseconds (upper edge of its bucket); 0 when nothing was recorded. */
  double millis(double q) {
    long total = 0;
    for (int i = 0; i < counts.length(); i++) {
      total += counts.get(i);
    }
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return (i + 1) * BUCKET_NANOS / 1e6;
      }
    }
    return counts.length() * BUCKET_NANOS / 1e6;
  }
}
