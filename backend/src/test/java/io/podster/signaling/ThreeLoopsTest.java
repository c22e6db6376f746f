package io.podster.signaling;

import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.Browser;
import io.podster.signaling.Loops.Landed;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Signaling on three event loops of one node: more loops than this machine's two cores. */
class ThreeLoopsTest extends SignalingLoopsTest {
  @Override
  int loops() {
    return 3;
  }

  @Test
  @DisplayName("three peers of one room, one on each loop, all see each other and signal each other in order")
  void oneRoomOnEveryLoop() throws Exception {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    Landed a = Loops.connectOn(clients, node, h, l -> l == 0);
    Landed b = Loops.connectOn(clients, node, guest(node, room, "Two"), l -> l == 1);
    Landed c = Loops.connectOn(clients, node, guest(node, room, "Three"), l -> l == 2);
    try {
      a.peer().join(roomId);
      b.peer().join(roomId);
      assertEquals(b.peer().peerId, a.peer().next("peer-joined").getJsonObject("peer").getString("peerId"));
      Set<String> seenByC =
          c.peer().join(roomId).getJsonArray("peers").stream().map(p -> ((JsonObject) p).getString("peerId")).collect(Collectors.toSet());
      assertEquals(Set.of(a.peer().peerId, b.peer().peerId), seenByC);
      assertEquals(c.peer().peerId, a.peer().next("peer-joined").getJsonObject("peer").getString("peerId"));
      assertEquals(c.peer().peerId, b.peer().next("peer-joined").getJsonObject("peer").getString("peerId"));
      Loops.assertDistinctThreads(node, a, b, c);
      for (Landed l : List.of(a, b, c)) {
        Loops.assertEndpoint(node, l);
      }
      Exchange.inOrder(a.peer(), b.peer(), 30);
      Exchange.inOrder(b.peer(), c.peer(), 30);
      Exchange.inOrder(c.peer(), a.peer(), 30);
      c.peer().send(new JsonObject().put("type", "leave"));
      assertEquals(c.peer().peerId, a.peer().next("peer-left").getString("peerId"));
      assertEquals(c.peer().peerId, b.peer().next("peer-left").getString("peerId"));
    } finally {
      a.peer().close();
      b.peer().close();
      c.peer().close();
    }
  }
}
