package io.podster.signaling;

import io.podster.auth.Principal;
import io.podster.http.ApiError;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signaling socket on this node and what it has joined. Touched only on the HTTP verticle's
 * event loop, so its fields need no locking.
 */
final class Connection {
  private static final Logger log = LoggerFactory.getLogger(Connection.class);
  final ServerWebSocket ws;
  final Principal principal;
  final SocketRateLimit rate;
  /** Completes when the socket has closed and its peer has been announced gone. */
  final Promise<Void> done = Promise.promise();
  long lastSeen;
  /** The room a {@code join} in flight is for, else null: a kick from it closes the socket too. */
  String joiningRoom;
  boolean closed;
  /** Closed by a kick or an ended session: its peer is gone at once, not detached for a resume. */
  boolean evicted;
  boolean host;
  Peer peer;
  String resumeToken;
  MessageConsumer<Object> inbox;
  /** A write of this peer's state to the directory is in flight; {@code stateDirty}: a newer one waits. */
  boolean stateWriting;
  boolean stateDirty;
  /** The last of this socket's signals still waiting for a directory read, or null. */
  io.vertx.core.Future<Void> signalsWaiting;

  Connection(ServerWebSocket ws, Principal principal, SocketRateLimit rate, long now) {
    this.ws = ws;
    this.principal = principal;
    this.rate = rate;
    this.lastSeen = now;
  }

  String peerId() {
    return peer == null ? null : peer.peerId();
  }

  void send(JsonObject message) {
    sendEncoded(message.encode());
  }

  /** A message already encoded, e.g. once for a whole room. */
  void sendEncoded(String text) {
    if (!closed && !ws.isClosed()) {
      ws.writeTextMessage(text);
    }
  }

  /** Answers a message with the result's id, if the message had one. */
  void answer(JsonObject message, Object id) {
    if (id != null) {
      message.put("id", id);
    }
    send(message);
  }

  void error(Object id, Throwable e) {
    String code;
    String message;
    if (e instanceof SignalError s) {
      code = s.code();
      message = s.getMessage();
    } else if (e instanceof ApiError a) {
      code = a.code();
      message = a.getMessage();
    } else {
      log.warn("signaling message failed", e);
      code = "internal_error";
      message = "Something went wrong on the server. Try again.";
    }
    answer(new JsonObject().put("type", MessageTypes.ERROR).put("code", code).put("message", message), id);
  }

  void close(int code, String reason) {
    if (!ws.isClosed()) {
      ws.close((short) code, reason);
    }
  }
}
