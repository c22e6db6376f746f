package io.podster.rooms;

import io.podster.auth.Principal;
import io.podster.domain.Forbidden;
import io.podster.domain.NotFound;
import io.vertx.core.Future;
import java.util.regex.Pattern;

/**
 * The one rule for who may see a room: its members, and a guest only the room their session is
 * for. Other capabilities (signaling, recordings) ask here too.
 */
public final class RoomAccess {
  private static final Pattern UUID_SHAPE =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private final RoomRepository rooms;

  public RoomAccess(RoomRepository rooms) {
    this.rooms = rooms;
  }

  /** A member and their role in the room. */
  public record Membership(Room room, String role) {
    public boolean host() {
      return RoomRepository.ROLE_HOST.equals(role);
    }
  }

  public Future<Membership> requireMember(Principal p, String roomId) {
    if (roomId == null || !UUID_SHAPE.matcher(roomId).matches()) {
      return Future.failedFuture(new NotFound("That room"));
    }
    if (p.guest() && !roomId.equals(p.roomId())) {
      return Future.failedFuture(
          new Forbidden("not_a_member", "Your guest pass is for another room."));
    }
    return rooms
        .findById(roomId)
        .compose(
            room -> {
              if (room.isEmpty()) {
                return Future.failedFuture(new NotFound("That room"));
              }
              return rooms
                  .memberRole(roomId, p.userId())
                  .map(
                      role ->
                          new Membership(
                              room.get(),
                              role.orElseThrow(
                                  () ->
                                      new Forbidden(
                                          "not_a_member", "You are not a member of this room."))));
            });
  }
}
