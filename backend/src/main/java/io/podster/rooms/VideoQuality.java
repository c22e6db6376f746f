package io.podster.rooms;

import io.podster.domain.Invalid;
import java.util.List;

/** The recording qualities a host may choose for the room's cameras (the camera's best up to it). */
public final class VideoQuality {
  public static final String DEFAULT = "1080p";
  static final List<String> ALL = List.of("720p", "1080p", "2160p");

  private VideoQuality() {}

  /** The value as given when it is one of {@link #ALL}; 400 naming the field otherwise. */
  static String parse(String raw) {
    if (!ALL.contains(raw)) {
      throw new Invalid("invalid_field", "Field 'videoQuality' must be one of " + String.join(", ", ALL) + ".");
    }
    return raw;
  }
}
