package io.podster.signaling;

import io.podster.auth.SessionRevocations;
import io.podster.recording.Takes;
import io.podster.rooms.RoomRepository;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a joined peer does in its room: signal, state, chat, recording, kick. */
final class RoomActions {
  private static final Logger log = LoggerFactory.getLogger(RoomActions.class);
  private final PeerDirectory directory;
  private final RoomFanout fanout;
  private final EventBus bus;
  private final NodeRelay nodes;
  private final Takes takes;
  private final RoomRepository rooms;
  private final Departures departures;
  private final SessionRevocations revocations;
  private final Clock clock;

  RoomActions(
      PeerDirectory directory,
      RoomFanout fanout,
      EventBus bus,
      NodeRelay nodes,
      Takes takes,
      RoomRepository rooms,
      Departures departures,
      SessionRevocations revocations,
      Clock clock) {
    this.directory = directory;
    this.fanout = fanout;
    this.bus = bus;
    this.nodes = nodes;
    this.takes = takes;
    this.rooms = rooms;
    this.departures = departures;
    this.revocations = revocations;
    this.clock = clock;
  }

  /**
   * Relays to the peer {@code to} of the sender's room: written straight to its socket when it is
   * on this node, else batched to its node ({@link NodeRelay}) or sent to its address, the frame
   * encoded once here. The target's room comes from this node's cache when it can; a socket's
   * signals leave in the order they came, so one waiting for a directory read holds back the ones
   * after it (which then find the cache filled).
   */
  Future<Void> signal(SocketSession c, ClientMessage.Signal m) {
    Peer self = c.peer();
    String to = m.to();
    String frame = ServerMessages.signal(self.peerId(), m.data());
    if (c.signals().idle() && relayKnown(self, to, frame)) {
      return Future.succeededFuture();
    }
    return c.signals().then(() -> relay(self, to, frame));
  }

  /** Relays without asking the directory if this node knows where {@code to} is; false if it does not. */
  private boolean relayKnown(Peer self, String to, String frame) {
    SocketSession local = fanout.localPeer(to, self.roomId());
    if (local != null) {
      local.sendEncoded(frame);
      return true;
    }
    if (!self.roomId().equals(fanout.knownRoomOf(to))) {
      return false;
    }
    String node = fanout.knownNodeOf(to);
    if (node != null) {
      nodes.send(node, to, frame);
    } else {
      bus.send(Addresses.peer(to), frame);
    }
    if (fanout.dueForRefresh(to)) {
      refresh(to, self.roomId());
    }
    return true;
  }

  private Future<Void> relay(Peer self, String to, String frame) {
    if (relayKnown(self, to, frame)) {
      return Future.succeededFuture();
    }
    long epoch = fanout.knownEpoch();
    return peerInRoom(to, self.roomId())
        .map(
            target -> {
              fanout.learn(target.peerId(), target.roomId(), target.nodeId(), epoch);
              // To its endpoint, as every later signal (now known) goes: between two event-bus
              // addresses a clustered bus keeps no order (each has its own lookup of where its
              // consumers are), so a first signal sent to the peer's own address was overtaken
              // by the second, batched to the endpoint. NodeRelay passes it on if the peer moved.
              if (target.nodeId() != null) {
                nodes.send(target.nodeId(), target.peerId(), frame);
              } else {
                bus.send(Addresses.peer(target.peerId()), frame);
              }
              return null;
            });
  }

  /**
   * Re-reads a cached peer in the background before its entry expires, so the signals of a peer
   * in use never wait for a directory read.
   */
  private void refresh(String peerId, String roomId) {
    long epoch = fanout.knownEpoch();
    directory
        .get(peerId)
        .onSuccess(
            p -> {
              if (p.isPresent() && p.get().roomId().equals(roomId)) {
                fanout.learn(peerId, roomId, p.get().nodeId(), epoch);
              } else {
                fanout.forgetKnown(peerId);
              }
            });
  }

  /**
   * Tells the room at once; the directory (read by late joiners) gets the latest state with at
   * most one write in flight per peer ({@link LatestWrite}).
   */
  Future<Void> state(SocketSession c, ClientMessage.State m) {
    Peer p = c.changeState(m.toJson());
    fanout.publish(p.roomId(), ServerMessages.peerState(p), RoomAudience.othersThan(p.peerId()));
    String peerId = p.peerId();
    c.stateWrites()
        .write(
            () -> directory.put(c.peer()),
            // Not once the peer is gone from this socket: its departure wrote the entry last.
            () -> peerId.equals(c.peerId()),
            e -> log.warn("storing a peer's state failed", e));
    return Future.succeededFuture();
  }

  Future<Void> chat(SocketSession c, ClientMessage.Chat m, Object id) {
    Peer p = c.peer();
    fanout.publish(
        p.roomId(),
        ServerMessages.chat(p, m.text(), Instant.ofEpochMilli(clock.millis())),
        RoomAudience.everyone().echoing(p.peerId(), id));
    return Future.succeededFuture();
  }

  Future<Void> recordStart(SocketSession c, Object id) {
    requireHost(c);
    Peer p = c.peer();
    return takes
        .start(p.roomId(), p.userId())
        .map(
            take -> {
              fanout.publish(p.roomId(), ServerMessages.recordStarted(take), RoomAudience.everyone().echoing(p.peerId(), id));
              return null;
            });
  }

  Future<Void> recordStop(SocketSession c, Object id) {
    requireHost(c);
    Peer p = c.peer();
    return takes
        .stop(p.roomId())
        .map(
            take -> {
              fanout.publish(p.roomId(), ServerMessages.recordStopped(take), RoomAudience.everyone().echoing(p.peerId(), id));
              return null;
            });
  }

  /**
   * The host removes a peer: it may not rejoin the room, the room is told, and every socket of
   * that user in the room, on any node, hears {@code kicked} and closes (see {@link Evictions}).
   * A guest's session for the room ends too (its sockets hear {@code kicked} with that notice),
   * so the same browser cannot rejoin. The peer is announced gone first, so the host's copy of
   * {@code peer-left} carries the kick's id.
   */
  Future<Void> kick(SocketSession c, ClientMessage.Kick m, Object id) {
    requireHost(c);
    String peerId = m.peerId();
    Peer self = c.peer();
    if (peerId.equals(self.peerId())) {
      throw new SignalError("bad_kick", "You cannot kick yourself.");
    }
    return peerInRoom(peerId, self.roomId())
        .compose(
            target -> {
              if (RoomRepository.ROLE_HOST.equals(target.role())) {
                return Future.failedFuture(new SignalError("bad_kick", "The host cannot be kicked."));
              }
              return rooms
                  .kick(target.roomId(), target.userId())
                  .compose(v -> departures.announce(target.peerId(), self.peerId(), id))
                  .compose(v -> revocations.revokeGuest(target.userId(), target.roomId()))
                  .onSuccess(
                      v -> bus.publish(Addresses.KICKS, Evictions.kickNotice(target.roomId(), target.userId())));
            });
  }

  private Future<Peer> peerInRoom(String peerId, String roomId) {
    return directory
        .get(peerId)
        .map(
            p ->
                p.filter(x -> x.roomId().equals(roomId))
                    .orElseThrow(() -> new SignalError("unknown_peer", "No peer with that id is in your room.")));
  }

  private static void requireHost(SocketSession c) {
    if (!c.host()) {
      throw SignalError.hostOnly();
    }
  }
}
