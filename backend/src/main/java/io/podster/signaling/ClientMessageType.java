package io.podster.signaling;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every message type a client may send, in one place: its wire name, whether the socket must have
 * joined a room first, and how its fields are read. The dispatcher, the metrics' series and the
 * protocol document's check all read this list.
 */
public enum ClientMessageType {
  JOIN(MessageTypes.JOIN, false, ClientMessage.Join::read),
  SIGNAL(MessageTypes.SIGNAL, true, ClientMessage.Signal::read),
  STATE(MessageTypes.STATE, true, ClientMessage.State::read),
  CHAT(MessageTypes.CHAT, true, ClientMessage.Chat::read),
  RECORD_START(MessageTypes.RECORD_START, true, m -> new ClientMessage.RecordStart()),
  RECORD_STOP(MessageTypes.RECORD_STOP, true, m -> new ClientMessage.RecordStop()),
  KICK(MessageTypes.KICK, true, ClientMessage.Kick::read),
  LEAVE(MessageTypes.LEAVE, true, m -> new ClientMessage.Leave()),
  PING(MessageTypes.PING, false, m -> new ClientMessage.Ping()),
  TIME(MessageTypes.TIME, false, m -> new ClientMessage.Time()),
  CALL_STATS(MessageTypes.CALL_STATS, true, ClientMessage.CallStats::new),
  RECORDING_STATUS(MessageTypes.RECORDING_STATUS, true, ClientMessage.RecordingStatus::read);

  private static final Map<String, ClientMessageType> BY_WIRE =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(t -> t.wire, t -> t));
  private final String wire;
  private final boolean needsRoom;
  private final Function<JsonObject, ClientMessage> reader;

  ClientMessageType(String wire, boolean needsRoom, Function<JsonObject, ClientMessage> reader) {
    this.wire = wire;
    this.needsRoom = needsRoom;
    this.reader = reader;
  }

  /** The {@code type} strings, for series that should exist (at 0) before the first message. */
  public static List<String> wireNames() {
    return Arrays.stream(values()).map(t -> t.wire).toList();
  }

  /** The type named {@code wire}; {@code unknown_type} for any other. */
  static ClientMessageType of(String wire) {
    ClientMessageType t = BY_WIRE.get(wire);
    if (t == null) {
      throw new SignalError("unknown_type", "Unknown message type '" + wire + "'.");
    }
    return t;
  }

  String wire() {
    return wire;
  }

  /** Anything but join, ping and time needs a joined socket: {@code not_joined} before. */
  boolean needsRoom() {
    return needsRoom;
  }

  /** The message's fields, checked; {@code bad_message} (or the field's own code) if they are not right. */
  ClientMessage read(JsonObject m) {
    return reader.apply(m);
  }
}
