package io.podster.recording;

import io.podster.domain.Invalid;
import io.podster.http.JsonBody;
import java.text.Normalizer;
import java.util.regex.Pattern;

/** What a take's name may be: stored as text, always rendered as text, shown in file and list names. */
final class TakeNames {
  static final int MAX = 100;
  /**
   * Control characters (C0, DEL, C1), line and paragraph separators, and the bidirectional
   * embeddings, overrides and isolates that would make a name display as something else.
   */
  private static final Pattern REFUSED = Pattern.compile("[\\p{Cc}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]");

  private TakeNames() {}

  /** The {@code name} field, NFC-normalised and trimmed, measured after both. */
  static String read(JsonBody body) {
    String name = body.string("name", MAX, s -> Normalizer.normalize(s, Normalizer.Form.NFC));
    if (REFUSED.matcher(name).find()) {
      throw new Invalid("invalid_field", "'name' must not contain control or text-direction characters.");
    }
    return name;
  }
}
