package io.podster.signaling;

import static io.podster.signaling.BoardFixture.createTrack;
import static io.podster.signaling.BoardFixture.startTake;
import static io.podster.signaling.BoardFixture.status;
import static io.podster.signaling.BoardFixture.uploadAndComplete;
import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The host's board on one real node: recording-status in, peer-status and track-status out to hosts only. */
class RecordingBoardTest extends SignalingNodeTest {
  @Test
  @DisplayName("a guest's status reaches the host as peer-status under the guest's own peer, bounded to known fields; guests hear none")
  void statusReachesHostOnly() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    try (WsPeer host = ws(h); WsPeer ana = ws(guest(node, room, "Ana")); WsPeer ben = ws(guest(node, room, "Ben"))) {
      host.join(roomId);
      ana.join(roomId);
      ben.join(roomId);
      // Ana claims to be Ben, and to be the host, and adds a field of her own: none of it sticks.
      ana.send(status("uploading", 12_582_912).put("peerId", ben.peerId).put("userId", "someone").put("displayName", "Hostess")
          .put("extra", "x".repeat(100)).put("id", "s1"));
      JsonObject got = host.next("peer-status");
      assertEquals(ana.peerId, got.getString("peerId"));
      assertEquals("Ana", got.getString("displayName"));
      String anaUser = ben.joined.getJsonArray("peers").stream().map(JsonObject.class::cast)
          .filter(p -> p.getString("peerId").equals(ana.peerId)).findFirst().orElseThrow().getString("userId");
      assertEquals(anaUser, got.getString("userId"));
      JsonObject s = got.getJsonObject("status");
      assertEquals(new JsonObject().put("state", "uploading").put("pendingBytes", 12_582_912).put("format", "1080p30 · 48 kHz lossless")
          .put("quality", new JsonObject().put("rttMs", 12.5).put("lossPercent", 0.0).put("sendKbps", 1480.0)), s);
      assertTrue(got.getString("at").endsWith("Z"));
      assertNull(got.getValue("id"), "the host's copy carries no id of the sender's");
      // The host's own status reaches the host too (its row on the board); never a guest.
      host.send(status("idle", 0));
      assertEquals(host.peerId, host.next("peer-status").getString("peerId"));
      ana.assertNone("peer-status", 300);
      ben.assertNone("peer-status", 1);
    }
  }

  @Test
  @DisplayName("a malformed recording-status answers bad_message and keeps the socket; the browser may not claim saved")
  void malformed() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    try (WsPeer host = ws(h); WsPeer guest = ws(guest(node, room, "Gus"))) {
      host.join(room.getString("id"));
      guest.join(room.getString("id"));
      List<JsonObject> bad = List.of(
          status("saved", 0),
          status("done", 0),
          status("idle", 0).put("state", 3),
          status("uploading", -1),
          status("uploading", 0).put("pendingBytes", 1.5),
          status("uploading", 0).put("pendingBytes", "12"),
          status("uploading", 0).put("pendingBytes", (1L << 50) + 1),
          status("uploading", 0).putNull("pendingBytes"),
          status("idle", 0).put("format", "x".repeat(81)),
          status("idle", 0).put("format", "1080p\n30"),
          status("idle", 0).put("format", 1080),
          status("idle", 0).put("quality", "good"),
          status("idle", 0).put("quality", new JsonObject().put("rttMs", -1)),
          status("idle", 0).put("quality", new JsonObject().put("lossPercent", 101)),
          status("idle", 0).put("quality", new JsonObject().put("sendKbps", "fast")),
          status("idle", 0).put("quality", new JsonObject().put("rttMs", 60_001)));
      for (JsonObject m : bad) {
        guest.send(m.put("id", "b"));
        JsonObject e = guest.expectError("bad_message");
        assertEquals("b", e.getString("id"), m.encode());
      }
      host.assertNone("peer-status", 300);
      // Nothing closed it: a good one still goes through, with null format and quality allowed.
      guest.send(status("idle", 0).putNull("format").putNull("quality"));
      JsonObject ok = host.next("peer-status").getJsonObject("status");
      assertNull(ok.getValue("format"));
      assertNull(ok.getValue("quality"));
      guest.send(status("idle", 0).put("pendingBytes", 2.0));
      // Relayed as the whole number it is (2), not as the client wrote it (2.0).
      assertEquals(Integer.valueOf(2), host.next("peer-status").getJsonObject("status").getValue("pendingBytes"));
      assertFalse(guest.isClosed());
    }
  }

  @Test
  @DisplayName("before join recording-status is not_joined; an oversized one closes the socket with 1009")
  void unjoinedAndOversized() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    try (WsPeer guest = ws(guest(node, room, "Gus"))) {
      guest.send(status("idle", 0));
      guest.expectError("not_joined");
      guest.join(room.getString("id"));
      guest.send(status("idle", 0).put("format", "x".repeat(70_000)));
      assertEquals(1009, guest.closeCode(5000));
    }
  }

  @Test
  @DisplayName("statuses over twice a second (burst 6) answer rate_limited and are dropped; the socket stays open and recovers")
  void rateLimited() throws Exception {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    try (WsPeer host = ws(h); WsPeer guest = ws(guest(node, room, "Gus"))) {
      host.join(room.getString("id"));
      guest.join(room.getString("id"));
      for (int i = 0; i < 12; i++) {
        guest.send(status("recording", i).put("id", "r" + i));
      }
      int limited = 0;
      for (JsonObject m = guest.poll(1000); m != null; m = guest.poll(300)) {
        assertEquals("rate_limited", m.getString("code"), m.encode());
        limited++;
      }
      int relayed = 0;
      for (JsonObject m = host.poll(1000); m != null; m = host.poll(300)) {
        if ("peer-status".equals(m.getString("type"))) {
          relayed++;
        }
      }
      assertEquals(12, limited + relayed);
      assertTrue(relayed >= 6 && relayed <= 7, "relayed " + relayed);
      assertFalse(guest.isClosed());
      Thread.sleep(1100);
      guest.send(status("uploading", 99));
      assertEquals(99, host.next("peer-status").getJsonObject("status").getLong("pendingBytes"));
    }
  }

  @Test
  @DisplayName("another room's host hears nothing; a host that left hears nothing until it joins again")
  void otherRoomAndLeft() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    Browser other = host(node);
    JsonObject otherRoom = newRoom(other);
    try (WsPeer host = ws(h); WsPeer stranger = ws(other); WsPeer guest = ws(guest(node, room, "Gus"))) {
      host.join(room.getString("id"));
      stranger.join(otherRoom.getString("id"));
      guest.join(room.getString("id"));
      guest.send(status("recording", 0));
      host.next("peer-status");
      stranger.assertNone("peer-status", 300);
      host.send(new JsonObject().put("type", "leave"));
      guest.next("peer-left");
      guest.send(status("uploading", 5));
      host.assertNone("peer-status", 300);
      host.join(room.getString("id"));
      guest.send(status("uploading", 6));
      assertEquals(6, host.next("peer-status").getJsonObject("status").getLong("pendingBytes"));
    }
  }

  @Test
  @DisplayName("the server tells the host, and only the host, each track it creates and each it completes in the store")
  void trackStatus() throws Exception {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    Browser g = guest(node, room, "Gus");
    try (WsPeer host = ws(h); WsPeer guest = ws(g)) {
      host.join(roomId);
      guest.join(roomId);
      String takeId = startTake(h, roomId);
      String recordingId = createTrack(g, roomId, takeId);
      JsonObject created = host.next("track-status").getJsonObject("track");
      assertEquals(recordingId, created.getString("recordingId"));
      assertEquals("uploading", created.getString("state"));
      assertEquals(takeId, created.getString("takeId"));
      assertEquals("Gus", created.getString("displayName"));
      assertEquals("camera", created.getString("kind"));
      assertFalse(created.containsKey("uploadToken"));
      host.assertNone("track-status", 200);
      JsonObject done = uploadAndComplete(g, recordingId);
      JsonObject saved = host.next("track-status").getJsonObject("track");
      assertEquals("complete", saved.getString("state"));
      assertEquals(done.getLong("size"), saved.getLong("size"));
      assertEquals(1024L, saved.getLong("size"));
      guest.assertNone("track-status", 300);
    }
  }

  @Test
  @DisplayName("a track deleted while uploading (a page drops a recording that caught nothing) reaches the host as aborted, once; a second delete tells nothing")
  void abortedTrack() {
    Browser h = host(node);
    JsonObject room = newRoom(h);
    String roomId = room.getString("id");
    Browser g = guest(node, room, "Ava");
    try (WsPeer host = ws(h); WsPeer guest = ws(g)) {
      host.join(roomId);
      guest.join(roomId);
      String takeId = startTake(h, roomId);
      String recordingId = createTrack(g, roomId, takeId);
      assertEquals("uploading", host.next("track-status").getJsonObject("track").getString("state"));
      assertEquals(204, g.delete("/api/recordings/" + recordingId).statusCode());
      JsonObject aborted = host.next("track-status").getJsonObject("track");
      assertEquals(recordingId, aborted.getString("recordingId"));
      assertEquals("aborted", aborted.getString("state"));
      assertEquals("Ava", aborted.getString("displayName"));
      assertEquals(takeId, aborted.getString("takeId"));
      assertEquals(204, g.delete("/api/recordings/" + recordingId).statusCode());
      host.assertNone("track-status", 300);
      guest.assertNone("track-status", 300);
    }
  }
}
