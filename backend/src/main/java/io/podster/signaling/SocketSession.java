package io.podster.signaling;

import io.podster.auth.Principal;
import io.podster.domain.DomainError;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One signaling socket on this node: what it has joined and where it is in its life. Its fields
 * are written only by its own transitions, so the classes that act for it (joins, room actions,
 * departures, evictions) ask it rather than set it. Touched only on the HTTP verticle's event
 * loop, so it needs no locking.
 *
 * <p>{@code CONNECTING → JOINING → JOINED → CONNECTING} (leave, takeover) or {@code → DETACHED}
 * (the socket closed; its peer, if any, is detached for a resume or announced gone) {@code → GONE}.
 */
final class SocketSession {
  private static final Logger log = LoggerFactory.getLogger(SocketSession.class);

  enum Phase {
    /** Open, in no room: before the first {@code join} and after a {@code leave}. */
    CONNECTING,
    /** A {@code join} is in flight. */
    JOINING,
    JOINED,
    /** The socket is closed or closing and holds no peer (or lets go of it as its join ends). */
    DETACHED,
    /** Closed, and its peer announced gone or detached: nothing of it is left to do. */
    GONE
  }

  /** What a session let go of: its peer and the resume token the client holds for it. */
  record Released(Peer peer, String resumeToken) {}

  private final ServerWebSocket ws;
  private final Principal principal;
  private final SocketRateLimit rate;
  private final Promise<Void> done = Promise.promise();
  /** This socket's signals leave in the order they came (see {@link RoomActions#signal}). */
  private final InOrder signals = new InOrder();
  /** This peer's state reaches the directory with at most one write in flight. */
  private final LatestWrite stateWrites = new LatestWrite();
  private Phase phase = Phase.CONNECTING;
  private long lastSeen;
  /** Closed (or being closed) by us or the client; no message of it is handled any more. */
  private boolean closed;
  /** Closed by a kick or an ended session: its peer is gone at once, not detached for a resume. */
  private boolean evicted;
  /** The room a {@code join} in flight is for, else null: a kick from it closes the socket too. */
  private String joiningRoom;
  private Peer peer;
  private boolean host;
  private String resumeToken;
  private MessageConsumer<Object> inbox;
  private int protocol;

  SocketSession(ServerWebSocket ws, Principal principal, SocketRateLimit rate, long now) {
    this.ws = ws;
    this.principal = principal;
    this.rate = rate;
    this.lastSeen = now;
  }

  // --- what others ask

  Phase phase() {
    return phase;
  }

  Principal principal() {
    return principal;
  }

  boolean joined() {
    return phase == Phase.JOINED;
  }

  Peer peer() {
    return peer;
  }

  String peerId() {
    return peer == null ? null : peer.peerId();
  }

  boolean host() {
    return host;
  }

  String resumeToken() {
    return resumeToken;
  }

  /** The protocol version the joined client speaks (see {@link ProtocolVersion}). */
  int protocol() {
    return protocol;
  }

  /** The room it is in or joining, or null: where a kick reaches it. */
  String roomOrJoining() {
    return peer != null ? peer.roomId() : joiningRoom;
  }

  boolean closed() {
    return closed;
  }

  boolean evicted() {
    return evicted;
  }

  long lastSeen() {
    return lastSeen;
  }

  boolean allow(long now) {
    return rate.allow(now);
  }

  InOrder signals() {
    return signals;
  }

  LatestWrite stateWrites() {
    return stateWrites;
  }

  /** Completes when the socket has closed and its peer has been announced gone or detached. */
  Future<Void> done() {
    return done.future();
  }

  // --- transitions

  void seen(long now) {
    lastSeen = now;
  }

  /** A {@code join} starts: refused while another is in flight or the socket is in a room. */
  void beginJoin(String roomId) {
    if (phase == Phase.JOINING || phase == Phase.JOINED) {
      throw new SignalError("already_joined", "This socket is already in a room. Send leave first.");
    }
    requirePhase(Phase.CONNECTING);
    phase = Phase.JOINING;
    joiningRoom = roomId;
  }

  /**
   * The join succeeded: the socket is in the peer's room. Still done when the socket closed
   * meanwhile, so that the peer is then released like any other (the caller departs it).
   */
  void enter(Peer peer, boolean host, String resumeToken, MessageConsumer<Object> inbox, int protocol) {
    requirePhase(Phase.JOINING);
    this.peer = peer;
    this.host = host;
    this.resumeToken = resumeToken;
    this.inbox = inbox;
    this.protocol = protocol;
    this.joiningRoom = null;
    phase = Phase.JOINED;
  }

  /** The join ended: a failed one leaves the socket as it was before it. */
  void endJoin() {
    joiningRoom = null;
    if (phase == Phase.JOINING) {
      phase = closed ? Phase.DETACHED : Phase.CONNECTING;
    }
  }

  /** The peer's media state changed; returns the peer as it is now. */
  Peer changeState(JsonObject state) {
    requirePhase(Phase.JOINED);
    peer = peer.withState(state);
    return peer;
  }

  /**
   * Lets go of the peer (leave, takeover, close): no longer in its room, its address no longer
   * consumed here. Null when it held none.
   */
  Released release() {
    if (phase != Phase.JOINED) {
      return null;
    }
    Released r = new Released(peer, resumeToken);
    peer = null;
    host = false;
    resumeToken = null;
    if (inbox != null) {
      inbox.unregister();
      inbox = null;
    }
    phase = closed ? Phase.DETACHED : Phase.CONNECTING;
    return r;
  }

  /** The socket closed or is being closed: nothing it sends is handled from now on. */
  void markClosed() {
    closed = true;
    if (phase == Phase.CONNECTING) {
      phase = Phase.DETACHED;
    }
  }

  /** Closed by a kick or an ended session: its peer goes at once (see {@link Evictions}). */
  void markEvicted() {
    evicted = true;
    markClosed();
  }

  /** Its departure is over. */
  void gone() {
    phase = Phase.GONE;
    done.tryComplete();
  }

  private void requirePhase(Phase expected) {
    if (phase != expected) {
      throw new IllegalStateException("socket is " + phase + ", not " + expected);
    }
  }

  // --- writing to it

  void send(JsonObject message) {
    sendEncoded(message.encode());
  }

  /** A message already encoded, e.g. once for a whole room. */
  void sendEncoded(String text) {
    if (!closed && ws != null && !ws.isClosed()) {
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
    if (e instanceof SignalError s) {
      answer(ServerMessages.error(s.code(), s.getMessage()), id);
    } else if (e instanceof DomainError a) {
      answer(ServerMessages.error(a.code(), a.getMessage()), id);
    } else {
      log.warn("signaling message failed", e);
      answer(ServerMessages.error("internal_error", "Something went wrong on the server. Try again."), id);
    }
  }

  void ping() {
    if (ws != null && !ws.isClosed()) {
      ws.writePing(io.vertx.core.buffer.Buffer.buffer("hb"));
    }
  }

  void close(int code, String reason) {
    if (ws != null && !ws.isClosed()) {
      ws.close((short) code, reason);
    }
  }
}
