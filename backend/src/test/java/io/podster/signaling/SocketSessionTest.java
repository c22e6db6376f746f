package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.signaling.SocketSession.Phase;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** A socket's life, as its session's own transitions allow it and no one else writes it. */
class SocketSessionTest {
  private static final Peer PEER =
      new Peer("p1", "room-1", "u1", "Ana", "host", Peer.initialState(), "node-1", null);

  private static SocketSession session() {
    return new SocketSession(null, null, null, 0);
  }

  @Test
  @DisplayName("connecting → joining → joined → connecting again after leave, then it may join again")
  void joinLeaveJoin() {
    SocketSession s = session();
    assertEquals(Phase.CONNECTING, s.phase());
    s.beginJoin("room-1");
    assertEquals(Phase.JOINING, s.phase());
    assertEquals("room-1", s.roomOrJoining());
    assertFalse(s.joined());
    s.enter(PEER, true, "token-1", null, 2);
    s.endJoin();
    assertEquals(Phase.JOINED, s.phase());
    assertEquals("p1", s.peerId());
    assertTrue(s.host());
    assertEquals("token-1", s.resumeToken());
    assertEquals(2, s.protocol());

    SocketSession.Released r = s.release();
    assertEquals(PEER, r.peer());
    assertEquals("token-1", r.resumeToken());
    assertEquals(Phase.CONNECTING, s.phase());
    assertNull(s.peer());
    assertFalse(s.host());
    assertNull(s.resumeToken());
    assertNull(s.roomOrJoining());
    assertNull(s.release(), "a second release has nothing to let go of");

    s.beginJoin("room-2");
    assertEquals(Phase.JOINING, s.phase());
  }

  @Test
  @DisplayName("a second join while one is in flight or the socket is in a room answers already_joined")
  void joinTwice() {
    SocketSession s = session();
    s.beginJoin("room-1");
    assertEquals("already_joined", assertThrows(SignalError.class, () -> s.beginJoin("room-1")).code());
    s.enter(PEER, false, "t", null, 1);
    assertEquals("already_joined", assertThrows(SignalError.class, () -> s.beginJoin("room-2")).code());
    assertEquals("room-1", s.roomOrJoining(), "the refused join changed nothing");
  }

  @Test
  @DisplayName("a failed join leaves the socket as it was before it")
  void failedJoin() {
    SocketSession s = session();
    s.beginJoin("room-1");
    s.endJoin();
    assertEquals(Phase.CONNECTING, s.phase());
    assertNull(s.roomOrJoining());
  }

  @Test
  @DisplayName("closed while joining: the join still ends in the room, and releasing its peer detaches it; then gone")
  void closedWhileJoining() {
    SocketSession s = session();
    s.beginJoin("room-1");
    s.markClosed();
    assertEquals(Phase.JOINING, s.phase());
    assertTrue(s.closed());
    s.enter(PEER, false, "t", null, 1);
    assertEquals(Phase.JOINED, s.phase());
    assertEquals(PEER, s.release().peer());
    assertEquals(Phase.DETACHED, s.phase());
    assertFalse(s.done().isComplete());
    s.gone();
    assertEquals(Phase.GONE, s.phase());
    assertTrue(s.done().isComplete());
  }

  @Test
  @DisplayName("closed while joining and the join fails: detached, with nothing to release")
  void closedAndJoinFailed() {
    SocketSession s = session();
    s.beginJoin("room-1");
    s.markEvicted();
    s.endJoin();
    assertEquals(Phase.DETACHED, s.phase());
    assertTrue(s.evicted());
    assertNull(s.release());
  }

  @Test
  @DisplayName("a closed socket in no room is detached at once and cannot start a join")
  void closedBeforeJoin() {
    SocketSession s = session();
    s.markClosed();
    assertEquals(Phase.DETACHED, s.phase());
    assertFalse(s.evicted());
    assertThrows(IllegalStateException.class, () -> s.beginJoin("room-1"));
  }

  @Test
  @DisplayName("the media state changes only on a joined socket")
  void state() {
    SocketSession s = session();
    JsonObject on = new JsonObject().put("audio", true).put("video", false).put("screen", true);
    assertThrows(IllegalStateException.class, () -> s.changeState(on));
    s.beginJoin("room-1");
    assertThrows(IllegalStateException.class, () -> s.changeState(on));
    s.enter(PEER, false, "t", null, 1);
    assertEquals(on, s.changeState(on).state());
    assertEquals(on, s.peer().state());
    assertEquals("p1", s.peerId());
  }

  @Test
  @DisplayName("entering a room is only the end of a join in flight")
  void enterOnlyFromJoining() {
    SocketSession s = session();
    assertThrows(IllegalStateException.class, () -> s.enter(PEER, false, "t", null, 1));
    assertEquals(Phase.CONNECTING, s.phase());
  }
}
