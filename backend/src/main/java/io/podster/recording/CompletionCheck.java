package io.podster.recording;

import io.podster.domain.Invalid;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compares the parts a client says it uploaded with what the store holds, before asking the store
 * to assemble them: a wrong ETag or a missing part would otherwise give a silently broken file.
 */
public final class CompletionCheck {
  /** S3's minimum for every part but the last. */
  public static final long MIN_PART_BYTES = 5L * 1024 * 1024;

  private CompletionCheck() {}

  /** The client's parts in ascending order, checked against {@code stored}. */
  public static List<StoredPart> verify(Object value, List<StoredPart> stored) {
    if (!(value instanceof JsonArray array) || array.isEmpty()) {
      throw bad("part_mismatch", "'parts' must list every uploaded part with its ETag.");
    }
    Map<Integer, StoredPart> byNumber = new HashMap<>();
    stored.forEach(p -> byNumber.put(p.partNumber(), p));
    Map<Integer, StoredPart> claimed = new HashMap<>();
    for (Object o : array) {
      if (!(o instanceof JsonObject part)) {
        throw bad("part_mismatch", "Each part must be {partNumber, etag}.");
      }
      int n = PartNumbers.number(part.getValue("partNumber"));
      Object etag = part.getValue("etag");
      if (!(etag instanceof String e) || e.isBlank()) {
        throw bad("part_mismatch", "Part " + n + " has no ETag.");
      }
      StoredPart held = byNumber.get(n);
      if (held == null) {
        throw bad("part_mismatch", "Part " + n + " has not been uploaded.");
      }
      if (!StoredPart.bare(held.etag()).equals(StoredPart.bare(e))) {
        throw bad("part_mismatch", "Part " + n + " has a different ETag in storage. Upload it again.");
      }
      if (claimed.put(n, held) != null) {
        throw bad("part_mismatch", "Part " + n + " is listed twice.");
      }
    }
    if (claimed.size() != byNumber.size()) {
      throw bad("part_mismatch", "Storage holds parts you did not list. List every part.");
    }
    List<StoredPart> ordered = new ArrayList<>(claimed.values());
    ordered.sort(Comparator.comparingInt(StoredPart::partNumber));
    for (int i = 0; i < ordered.size() - 1; i++) {
      if (ordered.get(i).size() < MIN_PART_BYTES) {
        throw bad(
            "part_too_small",
            "Part " + ordered.get(i).partNumber() + " is smaller than 5 MiB; only the last part may be.");
      }
    }
    return ordered;
  }

  private static Invalid bad(String code, String message) {
    return new Invalid(code, message);
  }
}
