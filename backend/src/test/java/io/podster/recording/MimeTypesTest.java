package io.podster.recording;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.podster.domain.DomainError;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MimeTypesTest {
  @ParameterizedTest(name = "{0} -> {1} (.{2})")
  @DisplayName("MediaRecorder's types are normalised to one canonical form with an extension")
  @CsvSource(delimiter = '|', value = {
    "video/webm|video/webm|webm",
    "VIDEO/WEBM; codecs=\"VP9, opus\"|video/webm;codecs=vp9,opus|webm",
    "video/webm;codecs=h264,opus|video/webm;codecs=h264,opus|webm",
    "video/webm;codecs=av1,opus|video/webm;codecs=av1,opus|webm",
    "video/mp4|video/mp4|mp4",
    "audio/webm;codecs=opus|audio/webm;codecs=opus|weba",
    "audio/ogg; codecs=opus|audio/ogg;codecs=opus|ogg",
    "AUDIO/WAV|audio/wav|wav",
    "video/mp4; codecs=\"avc1.42000a, mp4a.40.2\"|video/mp4;codecs=avc1.42000a,mp4a.40.2|mp4",
    "video/mp4;codecs=avc1,opus|video/mp4;codecs=avc1,opus|mp4",
    "audio/mp4;codecs=mp4a.40.2|audio/mp4;codecs=mp4a.40.2|m4a"})
  void allowed(String raw, String canonical, String ext) {
    assertEquals(canonical, MimeTypes.normalise(raw));
    assertEquals(ext, MimeTypes.extension(canonical));
  }

  @ParameterizedTest
  @DisplayName("anything else is 400 unsupported_mime_type")
  @ValueSource(strings = {"text/html", "video/webm;codecs=theora", "video/webm;charset=utf-8", "video/webm;", "application/octet-stream", "video/webm;codecs=vp9,opus;x=1", "video/mp4;codecs=", "video/mp4;codecs=avc1;x", "video/mp4;codecs=a,b,c,d,e"})
  void refused(String raw) {
    DomainError e = assertThrows(DomainError.class, () -> MimeTypes.normalise(raw));
    assertEquals("unsupported_mime_type", e.code());
  }
}
