package io.podster.signaling;

import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;

/** Nullable strings, length-prefixed, for the signaling codecs' wire forms. */
final class WireStrings {
  private WireStrings() {}

  static void write(Buffer buffer, String s) {
    if (s == null) {
      buffer.appendInt(-1);
      return;
    }
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    buffer.appendInt(bytes.length).appendBytes(bytes);
  }

  /** Reads the string at {@code at[0]} and moves {@code at[0]} past it. */
  static String read(Buffer buffer, int[] at) {
    int length = buffer.getInt(at[0]);
    at[0] += 4;
    if (length < 0) {
      return null;
    }
    String s = buffer.getString(at[0], at[0] + length, "UTF-8");
    at[0] += length;
    return s;
  }
}
