package io.podster.recording;

import io.podster.domain.Invalid;
import java.util.Locale;
import java.util.Map;

/**
 * The container/codec combinations browsers' MediaRecorder produces and we accept. Parameters are
 * normalised ({@code video/webm; codecs="VP9, opus"} → {@code video/webm;codecs=vp9,opus}) so the
 * stored type is one canonical string, and each maps to a file extension.
 */
public final class MimeTypes {
  private static final Map<String, String> EXTENSIONS =
      Map.ofEntries(
          Map.entry("video/webm", "webm"),
          Map.entry("video/webm;codecs=vp8,opus", "webm"),
          Map.entry("video/webm;codecs=vp9,opus", "webm"),
          Map.entry("video/webm;codecs=av1,opus", "webm"),
          Map.entry("video/webm;codecs=h264,opus", "webm"),
          Map.entry("video/webm;codecs=vp8", "webm"),
          Map.entry("video/webm;codecs=vp9", "webm"),
          Map.entry("video/mp4", "mp4"),
          Map.entry("audio/webm", "weba"),
          Map.entry("audio/webm;codecs=opus", "weba"),
          Map.entry("audio/ogg", "ogg"),
          Map.entry("audio/ogg;codecs=opus", "ogg"),
          Map.entry("audio/mp4", "m4a"),
          // The lossless track, written by the page itself (24-bit PCM, RF64 past 4 GiB).
          Map.entry("audio/wav", "wav"));

  /**
   * MP4 carries its codecs with their profile (Safari: {@code avc1.42000a,mp4a.40.2}), too many to
   * list: any codecs list of that shape is accepted in an MP4 container.
   */
  private static final Map<String, String> MP4 = Map.of("video/mp4", "mp4", "audio/mp4", "m4a");
  private static final java.util.regex.Pattern MP4_CODECS = java.util.regex.Pattern.compile(";codecs=[a-z0-9.]{1,40}(,[a-z0-9.]{1,40}){0,3}");

  private MimeTypes() {}

  /** The canonical form of an allowed type; 400 {@code unsupported_mime_type} otherwise. */
  public static String normalise(String raw) {
    String[] pieces = raw.toLowerCase(Locale.ROOT).split(";", 2);
    String base = pieces[0].strip();
    String canonical = base;
    if (pieces.length > 1) {
      String[] param = pieces[1].strip().split("=", 2);
      if (param.length != 2 || !param[0].strip().equals("codecs")) {
        throw unsupported();
      }
      String codecs = param[1].strip().replace("\"", "").replace(" ", "");
      canonical = base + ";codecs=" + codecs;
    }
    if (!EXTENSIONS.containsKey(canonical) && !(MP4.containsKey(base) && canonical.length() > base.length() && MP4_CODECS.matcher(canonical.substring(base.length())).matches())) {
      throw unsupported();
    }
    return canonical;
  }

  public static String extension(String canonical) {
    return EXTENSIONS.getOrDefault(canonical, MP4.getOrDefault(container(canonical), "bin"));
  }

  /** The type without codecs, for the Content-Type of the stored object and of downloads. */
  public static String container(String canonical) {
    return canonical.split(";", 2)[0];
  }

  private static Invalid unsupported() {
    return new Invalid(
        "unsupported_mime_type", "That recording format is not supported. Use WebM, MP4, Ogg or WAV.");
  }
}
