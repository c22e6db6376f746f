package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class MessageSizeTest {
  private static final int MAX = SignalingServer.MAX_MESSAGE_BYTES;

  @Test
  @DisplayName("frames are measured in UTF-8 bytes: 64 KiB passes, one byte more does not, however the characters encode")
  void utf8Bytes() {
    assertFalse(SignalingServer.tooBig("a".repeat(MAX)));
    assertTrue(SignalingServer.tooBig("a".repeat(MAX + 1)));
    assertFalse(SignalingServer.tooBig("é".repeat(MAX / 2)));
    assertTrue(SignalingServer.tooBig("é".repeat(MAX / 2) + "a"));
    assertFalse(SignalingServer.tooBig("€".repeat(MAX / 3) + "a"));
    assertTrue(SignalingServer.tooBig("€".repeat(MAX / 3) + "é"));
    assertFalse(SignalingServer.tooBig("🎙".repeat(MAX / 4)));
    assertTrue(SignalingServer.tooBig("🎙".repeat(MAX / 4) + "a"));
    assertFalse(SignalingServer.tooBig("{\"type\":\"ping\"}"));
  }
}
