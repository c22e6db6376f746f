package io.podster.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.podster.Browser;
import io.podster.RogueMember;
import io.podster.TestCluster;
import io.podster.TestNode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.ext.web.client.HttpResponse;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Two real nodes clustered with mutual TLS, and a third Vert.x that joined their Hazelcast cluster
 * without the cluster certificate or secret (the cluster name and members are all Hazelcast asks).
 * It uses the real addresses; nothing it sends or registers reaches a user, and the nodes go on serving.
 */
class RogueMemberTest {
  static final HttpClient HTTP = HttpClient.newHttpClient();
  /**
   * The addresses the upload coordinator served on the bus before it became an in-process call:
   * a rogue that knows them from an older version still gets nothing out of them.
   */
  static final String CREATE = "recordings.create";
  static final String PRESIGN = "recordings.parts.presign";
  static final String LIST_PARTS = "recordings.parts.list";
  static final String COMPLETE = "recordings.complete";
  static final String DELETE = "recordings.delete";
  static final String LIST = "recordings.list";
  static final String DOWNLOAD = "recordings.download";
  static TestCluster cluster;
  static Vertx clients;
  static Vertx rogue;

  @BeforeAll
  static void start() {
    cluster = TestCluster.start(2, TestCluster.tls());
    clients = Vertx.vertx();
    rogue = RogueMember.join(cluster.members(), false);
    rogue.eventBus().registerDefaultCodec(FrameBatch.class, new FrameBatchCodec());
    rogue.eventBus().registerDefaultCodec(RoomBroadcasts.class, new RoomBroadcastCodec());
    assertEquals(3, cluster.node(0).node().cluster().members().size(), "the rogue is a Hazelcast member");
  }

  @AfterAll
  static void stop() throws Exception {
    rogue.close().await(30, TimeUnit.SECONDS);
    clients.close().await(10, TimeUnit.SECONDS);
    cluster.close();
  }

  /** A host on node 1 with a room, a running take and an upload; a guest on node 2; both joined. */
  record Studio(Browser host, String hostId, JsonObject room, String recordingId, WsPeer a, WsPeer b) {
    String roomId() {
      return room.getString("id");
    }
  }

  static Studio studio() {
    TestNode n1 = cluster.node(0);
    Browser host = n1.browser();
    String hostId = host.signUp("r" + UUID.randomUUID().toString().substring(0, 8) + "@example.com", "password1", "Host").getString("id");
    JsonObject room = SignalingFixture.newRoom(host);
    String roomId = room.getString("id");
    HttpResponse<Buffer> take = host.post("/api/rooms/" + roomId + "/takes", null);
    assertEquals(201, take.statusCode(), take.bodyAsString());
    HttpResponse<Buffer> rec =
        host.post(
            "/api/recordings",
            new JsonObject()
                .put("roomId", roomId)
                .put("takeId", take.bodyAsJsonObject().getJsonObject("take").getString("id"))
                .put("kind", "camera")
                .put("mimeType", "video/webm;codecs=vp9,opus"));
    assertEquals(201, rec.statusCode(), rec.bodyAsString());
    WsPeer a = WsPeer.connect(clients, n1.node().httpPort(), host);
    WsPeer b = WsPeer.connect(clients, cluster.node(1).node().httpPort(), SignalingFixture.guest(cluster.node(1), room, "Guest"));
    a.join(roomId);
    b.join(roomId);
    a.next("peer-joined");
    return new Studio(host, hostId, room, rec.bodyAsJsonObject().getJsonObject("recording").getString("id"), a, b);
  }

  @Test
  @DisplayName("the rogue asks the upload coordinator as the owner: no presigned URL, no download, no delete")
  void coordinator() {
    Studio s = studio();
    JsonObject caller = new JsonObject().put("userId", s.hostId()).put("sessionId", "forged").put("role", "user");
    JsonObject presign =
        new JsonObject().put("caller", caller).put("id", s.recordingId()).put("body", new JsonObject().put("parts", new JsonArray().add(new JsonObject().put("partNumber", 1).put("size", 5 * 1024 * 1024))));
    JsonObject byId = new JsonObject().put("caller", caller).put("id", s.recordingId());
    refused(PRESIGN, presign);
    refused(DOWNLOAD, byId);
    refused(DELETE, byId);
    JsonArray listed = s.host().get("/api/recordings?roomId=" + s.roomId()).bodyAsJsonObject().getJsonArray("recordings");
    assertEquals(1, listed.size(), "the recording is still there: " + listed.encode());
    close(s);
  }

  private static void refused(String address, JsonObject request) {
    Future<Message<Object>> answer = rogue.eventBus().request(address, request, new DeliveryOptions().setSendTimeout(3000));
    Exception e = assertThrows(Exception.class, () -> answer.await(10, TimeUnit.SECONDS), () -> address + " answered " + answer.result().body());
    System.out.println("rogue's " + address + " failed: " + e.getMessage());
  }

  @Test
  @DisplayName("the rogue writes a forged signal, a kick and a chat to a peer's, its node's and its room's addresses: nobody gets them")
  void frames() throws Exception {
    Studio s = studio();
    String forged =
        new JsonObject()
            .put("type", "signal")
            .put("from", s.a().peerId)
            .put("data", new JsonObject().put("description", new JsonObject().put("type", "offer").put("sdp", "v=0 rogue")))
            .encode();
    String chat = new JsonObject().put("type", "chat").put("from", s.a().peerId).put("text", "from the rogue").encode();
    rogue.eventBus().send(Addresses.peer(s.b().peerId), forged);
    rogue.eventBus().send(Addresses.peer(s.b().peerId), new JsonObject().put("type", MessageTypes.KICKED));
    rogue.eventBus().send(Addresses.node(cluster.node(1).node().cluster().nodeId()), new FrameBatch(List.of(s.b().peerId), List.of(forged)));
    rogue.eventBus().publish(Addresses.room(s.roomId()), new RoomBroadcasts(List.of(new RoomBroadcast(chat, null, null, null, null))));
    s.b().assertQuiet(1500);
    s.a().assertQuiet(100);
    assertFalse(s.b().isClosed(), "the guest was not kicked");
    exchange(s, 3);
    close(s);
  }

  @Test
  @DisplayName("a member speaking TLS with a certificate the cluster CA did not sign reaches no peer either")
  void ownCertificate() throws Exception {
    Studio s = studio();
    Vertx signed = RogueMember.join(cluster.members(), true);
    try {
      signed.eventBus().registerDefaultCodec(FrameBatch.class, new FrameBatchCodec());
      String forged = new JsonObject().put("type", "chat").put("from", s.a().peerId).put("text", "self-signed").encode();
      signed.eventBus().send(Addresses.peer(s.b().peerId), forged);
      signed.eventBus().send(Addresses.node(cluster.node(1).node().cluster().nodeId()), new FrameBatch(List.of(s.b().peerId), List.of(forged)));
      s.b().assertQuiet(1500);
      exchange(s, 1);
    } finally {
      signed.close().await(30, TimeUnit.SECONDS);
      close(s);
    }
  }

  @Test
  @DisplayName("the rogue writes a peer of its own into the shared directory and the room's index: a peer joining does not see it")
  void forgedPeer() throws Exception {
    Studio s = studio();
    String ghost = UUID.randomUUID().toString();
    JsonObject entry =
        new JsonObject()
            .put("peerId", ghost).put("userId", s.hostId()).put("displayName", "Ghost").put("role", "host")
            .put("state", Peer.initialState()).put("roomId", s.roomId())
            .put("nodeId", cluster.node(0).node().cluster().nodeId()).put("detachedAt", null);
    AsyncMap<String, JsonObject> peers = rogue.sharedData().<String, JsonObject>getAsyncMap(Addresses.PEERS_MAP).await(10, TimeUnit.SECONDS);
    peers.put(ghost, entry).await(10, TimeUnit.SECONDS);
    AsyncMap<String, JsonArray> rooms = rogue.sharedData().<String, JsonArray>getAsyncMap(Addresses.ROOMS_MAP).await(10, TimeUnit.SECONDS);
    rooms.put(s.roomId(), rooms.get(s.roomId()).await(10, TimeUnit.SECONDS).copy().add(ghost)).await(10, TimeUnit.SECONDS);
    WsPeer c = WsPeer.connect(clients, cluster.node(1).node().httpPort(), SignalingFixture.guest(cluster.node(1), s.room(), "Third"));
    try {
      JsonArray seen = c.join(s.roomId()).getJsonArray("peers");
      List<String> ids = seen.stream().map(p -> ((JsonObject) p).getString("peerId")).toList();
      assertEquals(java.util.Set.of(s.a().peerId, s.b().peerId), java.util.Set.copyOf(ids), seen.encode());
    } finally {
      c.close();
      close(s);
    }
  }

  @Test
  @DisplayName("the rogue reads the shared resume map: it holds no token")
  void resumeTokens() throws Exception {
    Studio s = studio();
    AsyncMap<Object, Object> map = rogue.sharedData().getAsyncMap(Addresses.RESUME_MAP).await(10, TimeUnit.SECONDS);
    Map<Object, Object> entries = map.entries().await(10, TimeUnit.SECONDS);
    assertTrue(entries.size() >= 2, "both peers' entries are there: " + entries);
    String everything = entries.toString();
    for (WsPeer p : List.of(s.a(), s.b())) {
      String token = p.joined.getString("resumeToken");
      assertFalse(everything.contains(token), "the map shows " + p.peerId + "'s resume token: " + everything);
    }
    close(s);
  }

  @Test
  @DisplayName("the rogue listens on the coordinator's, the nodes', the peers' and the room's addresses: it hears nothing, signals and uploads go on")
  void consumers() throws Exception {
    Studio s = studio();
    AtomicInteger heard = new AtomicInteger();
    List<String> addresses =
        new ArrayList<>(
            List.of(
                CREATE, PRESIGN, LIST_PARTS, COMPLETE,
                DELETE, LIST, DOWNLOAD,
                Addresses.peer(s.a().peerId), Addresses.peer(s.b().peerId), Addresses.room(s.roomId())));
    cluster.nodes().forEach(n -> addresses.add(Addresses.node(n.node().cluster().nodeId())));
    JsonObject bogus =
        new JsonObject()
            .put("parts", new JsonArray().add(new JsonObject().put("partNumber", 1).put("url", "http://rogue.invalid/part")))
            .put("recording", new JsonObject().put("state", "complete"));
    List<MessageConsumer<Object>> consumers = new ArrayList<>();
    for (String address : addresses) {
      MessageConsumer<Object> c = rogue.eventBus().consumer(address, m -> {
        heard.incrementAndGet();
        m.reply(bogus);
      });
      c.completion().await(10, TimeUnit.SECONDS);
      consumers.add(c);
    }
    Thread.sleep(1000); // the nodes hear of the registrations through Hazelcast
    try {
      exchange(s, 10);
      s.b().send(new JsonObject().put("type", "chat").put("text", "still here"));
      assertEquals("still here", s.a().next("chat").getString("text"));
      String url = null;
      for (int i = 0; i < 6; i++) {
        HttpResponse<Buffer> r = s.host().post("/api/recordings/" + s.recordingId() + "/parts", new JsonObject().put("parts", new JsonArray().add(new JsonObject().put("partNumber", 1).put("size", 1000))));
        assertEquals(200, r.statusCode(), r.bodyAsString());
        url = r.bodyAsJsonObject().getJsonArray("parts").getJsonObject(0).getString("url");
        assertTrue(url.startsWith("http://127.0.0.1:"), url);
      }
      java.net.http.HttpResponse<String> put =
          HTTP.send(HttpRequest.newBuilder(URI.create(url)).PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[1000])).build(),
              java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, put.statusCode(), put.body());
      String etag = put.headers().firstValue("ETag").orElseThrow();
      HttpResponse<Buffer> done =
          s.host().post("/api/recordings/" + s.recordingId() + "/complete",
              new JsonObject().put("parts", new JsonArray().add(new JsonObject().put("partNumber", 1).put("etag", etag))));
      assertEquals(200, done.statusCode(), done.bodyAsString());
      assertEquals(1000L, done.bodyAsJsonObject().getJsonObject("recording").getLong("size"));
      assertEquals(0, heard.get(), "the rogue heard " + heard.get() + " messages");
    } finally {
      for (MessageConsumer<Object> c : consumers) {
        c.unregister().await(10, TimeUnit.SECONDS);
      }
      close(s);
    }
  }

  /** Signals both ways between the peer on node 1 and the peer on node 2, each arriving as sent. */
  private static void exchange(Studio s, int rounds) {
    for (int i = 0; i < rounds; i++) {
      JsonObject offer = new JsonObject().put("description", new JsonObject().put("type", "offer").put("sdp", "v=0 " + i));
      s.a().send(new JsonObject().put("type", "signal").put("to", s.b().peerId).put("data", offer));
      JsonObject got = s.b().next("signal");
      assertEquals(s.a().peerId, got.getString("from"));
      assertEquals(offer, got.getJsonObject("data"));
      s.b().send(new JsonObject().put("type", "signal").put("to", s.a().peerId).put("data", offer));
      assertEquals(offer, s.a().next("signal").getJsonObject("data"));
    }
  }

  private static void close(Studio s) {
    s.a().close();
    s.b().close();
  }
}
