package io.podster.signaling;

import io.podster.auth.SessionRevocations;
import io.podster.auth.User;
import io.podster.auth.UserRepository;
import io.podster.recording.Take;
import io.podster.recording.Takes;
import io.podster.rooms.RoomAccess;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageConsumer;
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

  Future<Void> join(SocketSession c, ClientMessage.Join m, Object id) {
    String roomId = m.roomId();
    String token = m.resumeToken();
    String userId = c.principal().userId();
    c.beginJoin(roomId);
    // The session was checked at the upgrade; it may have ended since (logout, kick).
    return revocations
        .live(c.principal())
        .compose(live -> live ? access.requireMember(c.principal(), roomId) : Future.failedFuture(sessionEnded(c, id)))
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
                        return enter(c, peer, membership.host(), m.protocol(), take.result(), id, previous.isEmpty());
                      });
            })
        .eventually(
            () -> {
              c.endJoin();
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
                      ServerMessages.takeover(),
                      new io.vertx.core.eventbus.DeliveryOptions().setSendTimeout(TAKEOVER_TIMEOUT_MS))
                  .transform(x -> Future.succeededFuture(previous));
            });
  }

  private Future<Void> enter(
      SocketSession c, Peer peer, boolean host, int protocol, Optional<Take> take, Object id, boolean announce) {
    MessageConsumer<Object> consumer = bus.consumer(Addresses.peer(peer.peerId()), msg -> inbox.receive(c, msg));
    return Future.all(fanout.add(peer, c), consumer.completion())
        .compose(v -> directory.enter(peer))
        .compose(v -> directory.inRoom(peer.roomId()))
        .map(
            peers -> {
              String token = resume.newToken();
              c.enter(peer, host, token, consumer, protocol);
              resume.register(token, peer);
              // Announce before answering: whatever the newcomer sends once it has `joined` must
              // reach the others after they have heard of it. A resumed peer was never gone.
              if (announce) {
                fanout.publish(peer.roomId(), ServerMessages.peerJoined(peer), RoomAudience.othersThan(peer.peerId()));
              }
              c.answer(ServerMessages.joined(peer, peers, ice.forUser(peer.userId()), take, token), id);
              if (c.closed()) {
                departures.depart(c, !c.evicted());
              }
              return null;
            })
        .onFailure(
            e -> {
              fanout.remove(peer, c);
              consumer.unregister();
            })
        .mapEmpty();
  }

  /** Answers why, then closes the socket as an ended session's notice would have. */
  private static SignalError sessionEnded(SocketSession c, Object id) {
    SignalError e = SignalError.sessionEnded();
    c.error(id, e);
    c.markEvicted();
    c.close(Evictions.SESSION_ENDED, "session ended");
    return e;
  }
}
