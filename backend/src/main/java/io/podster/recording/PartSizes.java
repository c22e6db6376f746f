package io.podster.recording;

import io.podster.domain.Invalid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads a presign request, {@code {parts:[{partNumber, size}]}}: each URL is signed for exactly
 * that many bytes, so the client must state them. A bare {@code {partNumbers:[…]}} (the first
 * version of the API) is refused: a URL without a size is what let a part of any size in.
 */
public final class PartSizes {
  /** Far above a part the SPA packs (5 MiB plus one chunk), a bound on what one URL may add. */
  public static final long MAX_PART_BYTES = 512L * 1024 * 1024;

  /** One part a client asks a URL for. */
  public record Wanted(int partNumber, long size) {
    boolean shortPart() {
      return size < CompletionCheck.MIN_PART_BYTES;
    }
  }

  private PartSizes() {}

  /** The parts asked for, in ascending part number. */
  public static List<Wanted> parse(JsonObject body) {
    Object value = body.getValue("parts");
    if (value == null && body.containsKey("partNumbers")) {
      throw bad("invalid_part_numbers", "Give each part's size: {\"parts\":[{\"partNumber\":1,\"size\":5242880}]}.");
    }
    if (!(value instanceof JsonArray array)) {
      throw bad("invalid_part_numbers", "'parts' must be an array of {partNumber, size}.");
    }
    if (array.isEmpty()) {
      throw bad("invalid_part_numbers", "'parts' must not be empty.");
    }
    if (array.size() > PartNumbers.MAX_PER_CALL) {
      throw bad("invalid_part_numbers", "Ask for at most " + PartNumbers.MAX_PER_CALL + " parts at a time.");
    }
    List<Wanted> out = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    for (Object o : array) {
      if (!(o instanceof JsonObject part)) {
        throw bad("invalid_part_numbers", "Each part must be {partNumber, size}.");
      }
      int n = PartNumbers.number(part.getValue("partNumber"));
      if (!seen.add(n)) {
        throw bad("invalid_part_numbers", "Part " + n + " is listed twice.");
      }
      out.add(new Wanted(n, size(n, part.getValue("size"))));
    }
    out.sort(Comparator.comparingInt(Wanted::partNumber));
    return out;
  }

  private static long size(int n, Object v) {
    if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() < 0
        || ((Number) v).longValue() > MAX_PART_BYTES) {
      throw bad("invalid_part_size", "Part " + n + " needs a 'size': whole bytes from 0 to " + MAX_PART_BYTES + ".");
    }
    return ((Number) v).longValue();
  }

  /**
   * Every part but the last is at least 5 MiB: a short part is the last one, so no part may come
   * after it. {@code known} are the sizes already signed for this upload (latest per part).
   */
  static void checkOnlyLastShort(List<Wanted> asked, List<Wanted> known) {
    TreeMap<Integer, Long> merged = new TreeMap<>();
    known.forEach(w -> merged.put(w.partNumber(), w.size()));
    asked.forEach(w -> merged.put(w.partNumber(), w.size()));
    int last = merged.lastKey();
    merged.forEach((n, size) -> {
      if (n != last && size < CompletionCheck.MIN_PART_BYTES) {
        throw bad("part_too_small", "Part " + n + " is smaller than 5 MiB; only the last part may be.");
      }
    });
  }

  private static Invalid bad(String code, String message) {
    return new Invalid(code, message);
  }
}
