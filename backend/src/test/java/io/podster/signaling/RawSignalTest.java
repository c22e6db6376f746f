package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.JsonFactory;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RawSignalTest {
  private final JsonFactory json = new JsonFactory();

  @Test
  @DisplayName("a signal's data is the client's text, byte for byte, and means what the full parse reads")
  void dataAsSent() {
    String data =
        "{ \"sdp\": \"v=0\\r\\no=- 1 2 IN IP4 127.0.0.1\\r\\na=x:{}[]\\\"q\\\"\", \"type\":\"offer\", \"n\": [1, {\"é\": \"🎙\"}] }";
    String text = "{\"id\": 7, \"type\":\"signal\",\"extra\":{\"a\":[1,2]}, \"to\":\"peer-2\", \"data\": " + data + " }";
    RawSignal s = RawSignal.read(json, text);
    assertNotNull(s);
    assertEquals("peer-2", s.to());
    assertEquals(data, s.data());
    assertEquals(7, s.id());
    JsonObject full = new JsonObject(text);
    assertEquals(full.getJsonObject("data"), new JsonObject(s.data()));
    assertEquals(full.getValue("id"), s.id());
  }

  @Test
  @DisplayName("ids of every scalar kind come back as the full parse gives them")
  void ids() {
    for (String id : new String[] {"\"abc\"", "12345678901", "1.5", "true", "false", "null"}) {
      String text = "{\"type\":\"signal\",\"to\":\"p\",\"data\":{},\"id\":" + id + "}";
      RawSignal s = RawSignal.read(json, text);
      assertNotNull(s, id);
      assertEquals(new JsonObject(text).getValue("id"), s.id(), id);
    }
    assertNull(RawSignal.read(json, "{\"type\":\"signal\",\"to\":\"p\",\"data\":{}}").id());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"type\":\"state\",\"state\":{\"muted\":\"signal\"}}",
        "{\"type\":\"signal\",\"to\":\"p\"}",
        "{\"type\":\"signal\",\"to\":\"p\",\"data\":[1]}",
        "{\"type\":\"signal\",\"to\":\"p\",\"data\":\"x\"}",
        "{\"type\":\"signal\",\"to\":7,\"data\":{}}",
        "{\"type\":\"signal\",\"to\":\"  \",\"data\":{}}",
        "{\"type\":\"signal\",\"type\":\"chat\",\"to\":\"p\",\"data\":{}}",
        "{\"type\":\"signal\",\"to\":\"p\",\"to\":\"q\",\"data\":{}}",
        "{\"type\":\"signal\",\"to\":\"p\",\"data\":{},\"data\":{}}",
        "{\"type\":\"signal\",\"to\":\"p\",\"data\":{},\"id\":1,\"id\":2}",
        "{\"type\":\"signal\",\"to\":\"p\",\"data\":{},\"id\":{\"n\":1}}",
        "{\"type\":\"signal\",\"to\":\"p\",\"data\":{}} trailing",
        "{\"type\":\"signal\",\"to\":\"p\",\"data\":{}}{}",
        "{\"type\":\"signal\",\"to\":\"p\",\"data\":{\"a\":",
        "{\"type\":\"signal\",\"to\":\"p\",\"data\":{/* note */}}",
        "[\"signal\"]",
        "\"signal\""
      })
  @DisplayName("anything but a plain, well-formed signal is left to the full parse and its errors")
  void leftToTheFullParse(String text) {
    assertNull(RawSignal.read(json, text));
  }

  @Test
  @DisplayName("the relayed frame reads as the one built from the parsed message, whatever the sender's id holds")
  void frame() {
    String data = "{\"candidate\":\"a=1\",\"sdpMid\":\"0\"}";
    String from = "we\"ird\\id";
    JsonObject expected = new JsonObject().put("type", MessageTypes.SIGNAL).put("from", from).put("data", new JsonObject(data));
    assertEquals(expected, new JsonObject(ServerMessages.signal(from, data)));
  }
}
