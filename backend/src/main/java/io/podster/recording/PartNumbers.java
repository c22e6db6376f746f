package io.podster.recording;

import io.podster.http.ApiError;
import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validates the part numbers a client asks URLs for: S3's 1..10000, a bounded batch, no repeats. */
public final class PartNumbers {
  public static final int MIN = 1;
  public static final int MAX = 10_000;
  /** Bounds the work (and the signing CPU) one request can cause. */
  public static final int MAX_PER_CALL = 50;

  private PartNumbers() {}

  public static List<Integer> parse(Object value) {
    if (!(value instanceof JsonArray array)) {
      throw bad("'partNumbers' must be an array of part numbers.");
    }
    if (array.isEmpty()) {
      throw bad("'partNumbers' must not be empty.");
    }
    if (array.size() > MAX_PER_CALL) {
      throw bad("Ask for at most " + MAX_PER_CALL + " parts at a time.");
    }
    List<Integer> out = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (Object o : array) {
      int n = number(o);
      if (!seen.add(n)) {
        throw bad("Part " + n + " is listed twice.");
      }
      out.add(n);
    }
    return out;
  }

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

  private static ApiError bad(String message) {
    return ApiError.badRequest("invalid_part_numbers", message);
  }
}
