package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Frames become typed messages in one step; what is wrong with one is named in its error. */
class ClientMessageTest {
  private static ClientMessage read(String json) {
    JsonObject m = new JsonObject(json);
    return ClientMessageType.of(m.getString("type")).read(m);
  }

  static Stream<Arguments> malformed() {
    return Stream.of(
        Arguments.of("{\"type\":\"join\"}", "bad_message", "roomId"),
        Arguments.of("{\"type\":\"join\",\"roomId\":\" \"}", "bad_message", "roomId"),
        Arguments.of("{\"type\":\"join\",\"roomId\":7}", "bad_message", "roomId"),
        Arguments.of("{\"type\":\"join\",\"roomId\":\"r\",\"protocol\":\"2\"}", "bad_message", "protocol"),
        Arguments.of("{\"type\":\"join\",\"roomId\":\"r\",\"protocol\":2.5}", "bad_message", "protocol"),
        Arguments.of("{\"type\":\"join\",\"roomId\":\"r\",\"protocol\":0}", "bad_message", "protocol"),
        Arguments.of("{\"type\":\"join\",\"roomId\":\"r\",\"protocol\":-2}", "bad_message", "protocol"),
        Arguments.of("{\"type\":\"join\",\"roomId\":\"r\",\"protocol\":[2]}", "bad_message", "protocol"),
        Arguments.of("{\"type\":\"join\",\"roomId\":\"r\",\"protocol\":{\"major\":2}}", "bad_message", "protocol"),
        Arguments.of("{\"type\":\"join\",\"roomId\":\"r\",\"protocol\":3}", "unsupported_protocol", "protocol 2"),
        Arguments.of("{\"type\":\"join\",\"roomId\":\"r\",\"protocol\":" + "9".repeat(400) + "}", "unsupported_protocol", "protocol 2"),
        Arguments.of("{\"type\":\"signal\",\"to\":\"p\"}", "bad_message", "data"),
        Arguments.of("{\"type\":\"signal\",\"to\":\"p\",\"data\":\"sdp\"}", "bad_message", "data"),
        Arguments.of("{\"type\":\"signal\",\"data\":{}}", "bad_message", "to"),
        Arguments.of("{\"type\":\"state\",\"audio\":true,\"video\":false}", "bad_message", "screen"),
        Arguments.of("{\"type\":\"state\",\"audio\":\"yes\",\"video\":false,\"screen\":false}", "bad_message", "audio"),
        Arguments.of("{\"type\":\"chat\"}", "bad_message", "text"),
        Arguments.of("{\"type\":\"chat\",\"text\":\"" + "x".repeat(2001) + "\"}", "too_long", "2000"),
        Arguments.of("{\"type\":\"kick\"}", "bad_message", "peerId"),
        Arguments.of("{\"type\":\"recording-status\",\"state\":\"saved\",\"pendingBytes\":0,\"format\":null,\"quality\":null}", "bad_message", "state"));
  }

  @ParameterizedTest(name = "{0} → {1}")
  @MethodSource("malformed")
  @DisplayName("a malformed message answers its code, naming what is wrong")
  void malformedFields(String json, String code, String named) {
    SignalError e = assertThrows(SignalError.class, () -> read(json));
    assertEquals(code, e.code());
    assertTrue(e.getMessage().contains(named), e.getMessage());
    assertTrue(e.getMessage().length() < 200, "the answer never echoes what was sent: " + e.getMessage().length());
  }

  @Test
  @DisplayName("a type the protocol does not have is unknown_type; the type list is the one the dispatcher and the metrics use")
  void unknownType() {
    assertEquals("unknown_type", assertThrows(SignalError.class, () -> ClientMessageType.of("dance")).code());
    assertEquals("unknown_type", assertThrows(SignalError.class, () -> ClientMessageType.of("joined")).code());
    assertEquals(
        java.util.List.of("join", "signal", "state", "chat", "record-start", "record-stop", "kick", "leave", "ping", "time",
            "call-stats", "recording-status"),
        ClientMessageType.wireNames());
    for (String free : new String[] {"join", "ping", "time"}) {
      assertFalse(ClientMessageType.of(free).needsRoom(), free);
    }
    assertTrue(ClientMessageType.of("signal").needsRoom());
  }

  @Test
  @DisplayName("well-formed messages come out typed: join's protocol defaults to 1, signal's data stays the sender's text")
  void wellFormed() {
    ClientMessage.Join old = assertInstanceOf(ClientMessage.Join.class, read("{\"type\":\"join\",\"roomId\":\"r\"}"));
    assertEquals(new ClientMessage.Join("r", null, 1), old);
    assertEquals(
        new ClientMessage.Join("r", "tok", 2), read("{\"type\":\"join\",\"roomId\":\"r\",\"resumeToken\":\"tok\",\"protocol\":2}"));
    assertEquals(1, ((ClientMessage.Join) read("{\"type\":\"join\",\"roomId\":\"r\",\"protocol\":1}")).protocol());
    assertNull(((ClientMessage.Join) read("{\"type\":\"join\",\"roomId\":\"r\",\"resumeToken\":5}")).resumeToken());
    ClientMessage.Signal s =
        (ClientMessage.Signal) read("{\"type\":\"signal\",\"to\":\"p\",\"data\":{\"streams\":{\"m1\":\"screen\"}}}");
    assertEquals("p", s.to());
    assertEquals(new JsonObject().put("streams", new JsonObject().put("m1", "screen")), new JsonObject(s.data()));
    assertEquals(new ClientMessage.State(true, false, true), read("{\"type\":\"state\",\"audio\":true,\"video\":false,\"screen\":true}"));
    assertEquals(new ClientMessage.Chat("x".repeat(2000)), read("{\"type\":\"chat\",\"text\":\"" + "x".repeat(2000) + "\"}"));
    assertInstanceOf(ClientMessage.Leave.class, read("{\"type\":\"leave\",\"extra\":1}"));
  }
}
