package io.podster.signaling;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * A well-formed {@code signal} read straight from its frame, its {@code data} kept as the client's
 * JSON text. Signals are most of signaling's traffic and their data (SDP, ICE candidates) is only
 * passed on, so building maps of it and encoding them again was wasted work, growing with the SDP.
 *
 * @param to the peer it is for
 * @param data the {@code data} object's JSON text, exactly as sent
 * @param id the message's {@code id} (a string, number, boolean or null), for an error answer
 */
record RawSignal(String to, String data, Object id) {
  /** Stands for an {@code id} this reader leaves to the full parse (an object or an array). */
  private static final Object COMPLEX = new Object();

  /**
   * The signal in {@code text}, or null for anything else, including anything unusual (a repeated
   * field, a field of the wrong kind, malformed JSON): the dispatcher's full parse then handles it,
   * with the same errors as always.
   */
  static RawSignal read(JsonFactory json, String text) {
    if (!text.contains("\"signal\"")) {
      return null;
    }
    try (JsonParser p = json.createParser(text)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      String type = null;
      String to = null;
      String data = null;
      Object id = null;
      boolean hasId = false;
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        JsonToken value = p.nextToken();
        switch (name) {
          case "type" -> {
            if (type != null || value != JsonToken.VALUE_STRING) {
              return null;
            }
            type = p.getText();
          }
          case "to" -> {
            if (to != null || value != JsonToken.VALUE_STRING) {
              return null;
            }
            to = p.getText();
          }
          case "data" -> {
            if (data != null || value != JsonToken.START_OBJECT) {
              return null;
            }
            int start = (int) p.currentTokenLocation().getCharOffset();
            p.skipChildren();
            data = text.substring(start, (int) p.currentTokenLocation().getCharOffset() + 1);
          }
          case "id" -> {
            if (hasId) {
              return null;
            }
            hasId = true;
            id = scalar(p, value);
            if (id == COMPLEX) {
              return null;
            }
          }
          default -> p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        return null;
      }
      if (!MessageTypes.SIGNAL.equals(type) || to == null || to.isBlank() || data == null) {
        return null;
      }
      return new RawSignal(to, data, id);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The id as the full parse would give it. */
  private static Object scalar(JsonParser p, JsonToken value) throws IOException {
    return switch (value) {
      case VALUE_STRING -> p.getText();
      case VALUE_NUMBER_INT -> p.getNumberValue();
      case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> COMPLEX;
    };
  }
}
