package io.podster.recording;

import io.podster.domain.Invalid;

/** Part numbers as S3 allows them (1..10000), and how many URLs one request may ask for. */
public final class PartNumbers {
  public static final int MIN = 1;
  public static final int MAX = 10_000;
  /** Bounds the work (and the signing CPU) one request can cause. */
  public static final int MAX_PER_CALL = 50;

  private PartNumbers() {}

  /** One part number: an integral JSON number in range (1.0 is not accepted, nor "1"). */
  public static int number(Object o) {
    if (!(o instanceof Integer || o instanceof Long)) {
      throw bad("Part numbers must be whole numbers from " + MIN + " to " + MAX + ".");
    }
    long n = ((Number) o).longValue();
    if (n < MIN || n > MAX) {
      throw bad("Part numbers must be whole numbers from " + MIN + " to " + MAX + ".");
    }
    return (int) n;
  }

  private static Invalid bad(String message) {
    return new Invalid("invalid_part_numbers", message);
  }
}
