package io.podster.signaling;

import com.fasterxml.jackson.core.JsonFactory;
import io.podster.metrics.PodsterMetrics;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.function.Supplier;

/** The one place that reads a message's {@code type} and hands it on. Every failure answers {@code error}. */
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

  void handle(Connection c, String text) {
    RawSignal signal = c.peer == null ? null : RawSignal.read(json, text);
    if (signal != null) {
      run(c, signal.id(), MessageTypes.SIGNAL, () -> actions.signal(c, signal.to(), signal.data()));
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
    // A message that succeeded had a string type (dispatch checks it first).
    run(c, id, m.getValue("type") instanceof String t ? t : null, () -> dispatch(c, m, id));
  }

  /** Runs one message's action; success is counted by type, failure answers {@code error} with the message's id. */
  private void run(Connection c, Object id, String type, Supplier<Future<?>> action) {
    Future<?> result;
    try {
      result = action.get();
    } catch (RuntimeException e) {
      result = Future.failedFuture(e);
    }
    result.onSuccess(x -> metrics.messageRelayed(type)).onFailure(e -> c.error(id, e));
  }

  private Future<?> dispatch(Connection c, JsonObject m, Object id) {
    if (!(m.getValue("type") instanceof String type)) {
      throw SignalError.badMessage("Every message needs a string 'type'.");
    }
    if (c.peer == null && !type.equals(MessageTypes.JOIN) && !type.equals(MessageTypes.PING)
        && !type.equals(MessageTypes.TIME)) {
      if (!isKnown(type)) {
        throw unknown(type);
      }
      throw SignalError.notJoined();
    }
    switch (type) {
      case MessageTypes.JOIN:
        return joins.join(c, m, id).onSuccess(v -> board.joined(c));
      case MessageTypes.SIGNAL:
        return actions.signal(c, m);
      case MessageTypes.STATE:
        return actions.state(c, m);
      case MessageTypes.CHAT:
        return actions.chat(c, m, id);
      case MessageTypes.RECORD_START:
        return actions.recordStart(c, id);
      case MessageTypes.RECORD_STOP:
        return actions.recordStop(c, id);
      case MessageTypes.KICK:
        return actions.kick(c, m, id);
      case MessageTypes.RECORDING_STATUS:
        return board.status(c, m);
      case MessageTypes.LEAVE:
        return departures.depart(c, false);
      case MessageTypes.CALL_STATS:
        return callStats.receive(c, m);
      case MessageTypes.PING:
        c.answer(new JsonObject().put("type", MessageTypes.PONG), id);
        return Future.succeededFuture();
      case MessageTypes.TIME:
        // Read as late as possible, right before the answer is written: the client takes the
        // middle of its round trip as this instant, so time spent here widens its uncertainty.
        // Fractional milliseconds: the system clock has microseconds, and whole ones would add up to 1 ms of error.
        java.time.Instant now = clock.instant();
        c.answer(new JsonObject().put("type", MessageTypes.TIME)
            .put("serverTime", now.getEpochSecond() * 1000.0 + now.getNano() / 1e6), id);
        return Future.succeededFuture();
      default:
        throw unknown(type);
    }
  }

  private static boolean isKnown(String type) {
    return switch (type) {
      case MessageTypes.SIGNAL,
          MessageTypes.STATE,
          MessageTypes.CHAT,
          MessageTypes.RECORD_START,
          MessageTypes.RECORD_STOP,
          MessageTypes.KICK,
          MessageTypes.LEAVE,
          MessageTypes.CALL_STATS,
          MessageTypes.RECORDING_STATUS -> true;
      default -> false;
    };
  }

  private static SignalError unknown(String type) {
    return new SignalError("unknown_type", "Unknown message type '" + type + "'.");
  }
}
