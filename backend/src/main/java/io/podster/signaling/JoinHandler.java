package io.podster.signaling;

import io.podster.auth.SessionRevocations;
import io.podster.auth.User;
import io.podster.auth.UserRepository;
import io.podster.recording.Take;
import io.podster.recording.Takes;
import io.podster.rooms.RoomAccess;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * {@code join}: checks membership (guests only their invite's room, kicked users not at all),
 * resumes a peer id from a resume token, and answers {@code joined} with the room as it is now.
 */
final class JoinHandler {
  private static final long TAKEOVER_TIMEOUT_MS = 2_000;
  private final RoomAccess access;
  private final SessionRevocations revocations;
  private final UserRepository users;
  private final Takes takes;
  private final PeerDirectory directory;
  private final RoomFanout fanout;
  private final ResumeTokens resume;
  private final IceServers ice;
  private final EventBus bus;
  private final Departures departures;
  private final PeerInbox inbox;
  private final String nodeId;

  JoinHandler(
      RoomAccess access,
      SessionRevocations revocations,
      UserRepository users,
      Takes takes,
      PeerDirectory directory,
      RoomFanout fanout,
      ResumeTokens resume,
      IceServers ice,
      EventBus bus,
      Departures departures,
      PeerInbox inbox,
      String nodeId) {
    this.access = access;
    this.revocations = revocations;
    this.users = users;
    this.takes = takes;
    this.directory = directory;
    this.fanout = fanout;
    this.resume = resume;
    this.ice = ice;
    this.bus = bus;
    this.departures = departures;
    this.inbox = inbox;
    this.nodeId = nodeId;
  }

  Future<Void> join(Connection c, JsonObject m, Object id) {
    if (c.peer != null || c.joiningRoom != null) {
      throw new SignalError("already_joined", "This socket is already in a room. Send leave first.");
    }
    String roomId = Messages.requireString(m, "roomId");
    String token = m.getValue("resumeToken") instanceof String s ? s : null;
    String userId = c.principal.userId();
    c.joiningRoom = roomId;
    // The session was checked at the upgrade; it may have ended since (logout, kick).
    return revocations
        .live(c.principal)
        .compose(live -> live ? access.requireMember(c.principal, roomId) : Future.failedFuture(sessionEnded(c, id)))
        .compose(
            membership -> {
              Future<Optional<String>> resumed =
                  token == null ? Future.succeededFuture(Optional.empty()) : resume.take(token, userId, roomId);
              Future<Optional<User>> user = users.findById(userId);
              Future<Optional<Take>> take = takes.running(roomId);
              return Future.all(resumed, user, take)
                  .compose(x -> resumedPeer(resumed.result()))
                  .compose(
                      previous -> {
                        String name = user.result().map(User::displayName).orElse("Guest");
                        Peer peer =
                            previous
                                .map(p -> p.attachedTo(nodeId))
                                .orElseGet(
                                    () ->
                                        new Peer(
                                            resumed.result().orElseGet(() -> UUID.randomUUID().toString()),
                                            roomId,
                                            userId,
                                            name,
                                            membership.role(),
                                            Peer.initialState(),
                                            nodeId,
                                            null));
                        return enter(c, peer, membership.host(), take.result(), id, previous.isEmpty());
                      });
            })
        .eventually(
            () -> {
              c.joiningRoom = null;
              return Future.succeededFuture();
            });
  }

  /**
   * The directory entry of the peer being resumed, if it is still there. When it is still attached
   * to an older socket (the client came back before we noticed it left), that socket hands it over
   * first, so the peer's address never has two consumers.
   */
  private Future<Optional<Peer>> resumedPeer(Optional<String> peerId) {
    if (peerId.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    return directory
        .get(peerId.get())
        .compose(
            previous -> {
              if (previous.isEmpty() || previous.get().detachedAt() != null) {
                return Future.succeededFuture(previous);
              }
              return bus.request(
                      Addresses.peer(peerId.get()),
                      new JsonObject().put("type", MessageTypes.TAKEOVER),
                      new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(TAKEOVER_TIMEOUT_MS))
                  .transform(x -> Future.succeededFuture(previous));
            });
  }

  private Future<Void> enter(
      Connection c, Peer peer, boolean host, Optional<Take> take, Object id, boolean announce) {
    c.inbox = bus.consumer(Addresses.peer(peer.peerId()), msg -> inbox.receive(c, msg));
    return Future.all(fanout.add(peer, c), c.inbox.completion())
        .compose(v -> directory.enter(peer))
        .compose(v -> directory.inRoom(peer.roomId()))
        .map(
            peers -> {
              c.peer = peer;
              c.host = host;
              c.resumeToken = resume.newToken();
              resume.register(c.resumeToken, peer);
              // Announce before answering: whatever the newcomer sends once it has `joined` must
              // reach the others after they have heard of it. A resumed peer was never gone.
              if (announce) {
                fanout.publish(
                    peer.roomId(),
                    new JsonObject().put("type", MessageTypes.PEER_JOINED).put("peer", peer.toClient()),
                    peer.peerId(),
                    null,
                    null);
              }
              c.answer(joined(c, peer, peers, take), id);
              if (c.closed) {
                departures.depart(c, !c.evicted);
              }
              return null;
            })
        .onFailure(
            e -> {
              fanout.remove(peer, c);
              c.inbox.unregister();
              c.inbox = null;
            })
        .mapEmpty();
  }

  /** Answers why, then closes the socket as an ended session's notice would have. */
  private static SignalError sessionEnded(Connection c, Object id) {
    SignalError e = SignalError.sessionEnded();
    c.error(id, e);
    c.evicted = true;
    c.closed = true;
    c.close(Evictions.SESSION_ENDED, "session ended");
    return e;
  }

  private JsonObject joined(Connection c, Peer self, List<Peer> inRoom, Optional<Take> take) {
    JsonArray peers = new JsonArray();
    inRoom.stream().filter(p -> !p.peerId().equals(self.peerId())).forEach(p -> peers.add(p.toClient()));
    return new JsonObject()
        .put("type", MessageTypes.JOINED)
        .put("peerId", self.peerId())
        .put("roomId", self.roomId())
        .put("peers", peers)
        .put("iceServers", ice.forUser(self.userId()))
        .put(
            "recording",
            take.map(
                    t ->
                        new JsonObject()
                            .put("takeId", t.id())
                            .put("startedAt", Instant.ofEpochMilli(t.startedAt()).toString())
                            .put("startAt", Instant.ofEpochMilli(t.startAt()).toString()))
                .orElse(null))
        .put("resumeToken", c.resumeToken);
  }
}
