package io.podster.cluster;

import static io.podster.signaling.BoardFixture.createTrack;
import static io.podster.signaling.BoardFixture.startTake;
import static io.podster.signaling.BoardFixture.status;
import static io.podster.signaling.BoardFixture.uploadAndComplete;
import static io.podster.signaling.SignalingFixture.guest;
import static io.podster.signaling.SignalingFixture.host;
import static io.podster.signaling.SignalingFixture.newRoom;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.podster.Browser;
import io.podster.TestCluster;
import io.podster.TestNode;
import io.podster.signaling.WsPeer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The host's board across two real clustered nodes: the host on one, a guest (and its uploads) on the other. */
class ClusterBoardTest {
  @Test
  @DisplayName("a guest's status and the store's completion of its track, both on node 2, reach the host on node 1 and no guest")
  void acrossNodes() throws Exception {
    Vertx clients = Vertx.vertx();
    try (TestCluster cluster = TestCluster.start(2, Map.of())) {
      TestNode n1 = cluster.node(0);
      TestNode n2 = cluster.node(1);
      Browser h = host(n1);
      JsonObject room = newRoom(h);
      String roomId = room.getString("id");
      Browser g = guest(n2, room, "Grace");
      Browser other = guest(n1, room, "Olive");
      try (WsPeer host = WsPeer.connect(clients, n1.node().httpPort(), h);
          WsPeer grace = WsPeer.connect(clients, n2.node().httpPort(), g);
          WsPeer olive = WsPeer.connect(clients, n1.node().httpPort(), other)) {
        host.join(roomId);
        grace.join(roomId);
        olive.join(roomId);
        // Node 2 learns of node 1's new board subscription asynchronously: a browser reports every
        // few seconds, so the first report may miss it; the next must not.
        JsonObject got = null;
        long deadline = System.currentTimeMillis() + 5000;
        while (got == null && System.currentTimeMillis() < deadline) {
          grace.send(status("recording", 4096));
          JsonObject m = host.poll(400);
          got = m != null && "peer-status".equals(m.getString("type")) ? m : null;
        }
        assertEquals(grace.peerId, got == null ? null : got.getString("peerId"));
        assertEquals("Grace", got.getString("displayName"));
        assertEquals(4096L, got.getJsonObject("status").getLong("pendingBytes"));

        String takeId = startTake(h, roomId);
        String recordingId = createTrack(g, roomId, takeId);
        JsonObject created = host.await(m -> "track-status".equals(m.getString("type")), 5000).getJsonObject("track");
        assertEquals(recordingId, created.getString("recordingId"));
        assertEquals("uploading", created.getString("state"));
        uploadAndComplete(g, recordingId);
        JsonObject saved = host.await(m -> "track-status".equals(m.getString("type")), 5000).getJsonObject("track");
        assertEquals("complete", saved.getString("state"));
        assertEquals(recordingId, saved.getString("recordingId"));
        olive.assertNone("track-status", 300);
        grace.assertNone("peer-status", 1);
        olive.assertNone("peer-status", 1);
      }
    } finally {
      clients.close().await(10, TimeUnit.SECONDS);
    }
  }
}
