package io.podster.signaling;

import com.fasterxml.jackson.core.JsonFactory;
import io.podster.metrics.PodsterMetrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.function.Supplier;

/**
 * The one place that parses a frame into a {@link ClientMessage} and hands it on. Every failure
 * answers {@code error} with the message's id.
 */
final class Dispatcher {
  private final JoinHandler joins;
  private final RoomActions actions;
  private final Departures departures;
  private final RecordingBoard board;
  private final PodsterMetrics metrics;
  private final Clock clock;
  private final CallStatsMessages callStats;
  /** For {@link RawSignal}: a streaming reader, not the object mapper. */
  private final JsonFactory json = new JsonFactory();

  Dispatcher(JoinHandler joins, RoomActions actions, Departures departures, RecordingBoard board, PodsterMetrics metrics, Clock clock) {
    this.joins = joins;
    this.board = board;
    this.actions = actions;
    this.departures = departures;
    this.metrics = metrics;
    this.clock = clock;
    this.callStats = new CallStatsMessages(metrics, clock);
  }

  void handle(SocketSession c, String text) {
    // Signals, most of the traffic, skip the full parse (see RawSignal).
    RawSignal raw = c.joined() ? RawSignal.read(json, text) : null;
    if (raw != null) {
      ClientMessage.Signal signal = new ClientMessage.Signal(raw.to(), raw.data());
      run(c, raw.id(), ClientMessageType.SIGNAL, () -> actions.signal(c, signal));
      return;
    }
    JsonObject m;
    try {
      m = new JsonObject(text);
    } catch (RuntimeException e) {
      c.error(null, new SignalError("bad_json", "Each frame must be one JSON object."));
      return;
    }
    Object id = m.getValue("id");
    ClientMessageType type;
    ClientMessage message;
    try {
      type = typeOf(c, m);
      message = type.read(m);
    } catch (RuntimeException e) {
      c.error(id, e);
      return;
    }
    run(c, id, type, () -> dispatch(c, type, message, id));
  }

  /** The message's type, if this socket may send it now. */
  private static ClientMessageType typeOf(SocketSession c, JsonObject m) {
    if (!(m.getValue("type") instanceof String wire)) {
      throw SignalError.badMessage("Every message needs a string 'type'.");
    }
    ClientMessageType type = ClientMessageType.of(wire);
    if (type.needsRoom() && !c.joined()) {
      throw SignalError.notJoined();
    }
    return type;
  }

  /** Runs one message's action; success is counted by type, failure answers {@code error} with the message's id. */
  private void run(SocketSession c, Object id, ClientMessageType type, Supplier<Future<?>> action) {
    Future<?> result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(x -> metrics.messageRelayed(type.wire())).onFailure(e -> c.error(id, e));
  }

  private Future<?> dispatch(SocketSession c, ClientMessageType type, ClientMessage m, Object id) {
    switch (type) {
      case JOIN:
        return joins.join(c, (ClientMessage.Join) m, id).onSuccess(v -> board.joined(c));
      case SIGNAL:
        return actions.signal(c, (ClientMessage.Signal) m);
      case STATE:
        return actions.state(c, (ClientMessage.State) m);
      case CHAT:
        return actions.chat(c, (ClientMessage.Chat) m, id);
      case RECORD_START:
        return actions.recordStart(c, id);
      case RECORD_STOP:
        return actions.recordStop(c, id);
      case KICK:
        return actions.kick(c, (ClientMessage.Kick) m, id);
      case RECORDING_STATUS:
        return board.status(c, (ClientMessage.RecordingStatus) m);
      case LEAVE:
        return departures.depart(c, false);
      case CALL_STATS:
        return callStats.receive(c, ((ClientMessage.CallStats) m).message());
      case PING:
        c.answer(ServerMessages.pong(), id);
        return Future.succeededFuture();
      case TIME:
        // Read as late as possible, right before the answer is written: the client takes the
        // middle of its round trip as this instant, so time spent here widens its uncertainty.
        c.answer(ServerMessages.time(clock.instant()), id);
        return Future.succeededFuture();
      default:
        throw new IllegalStateException("no handler for " + type);
    }
  }
}
