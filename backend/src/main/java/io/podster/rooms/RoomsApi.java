package io.podster.rooms;

import io.podster.auth.AccountRules;
import io.podster.auth.AuthGuard;
import io.podster.auth.AuthLimits;
import io.podster.auth.Principal;
import io.podster.auth.SessionIssuer;
import io.podster.auth.User;
import io.podster.auth.UserRepository;
import io.podster.domain.Forbidden;
import io.podster.domain.NotFound;
import io.podster.domain.Unauthenticated;
import io.podster.http.ClientAddress;
import io.podster.http.JsonBody;
import io.podster.http.Responses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/** Rooms: create, list mine, get one; and joining one by invite. */
public final class RoomsApi {
  private static final int NAME_MAX = 200;
  private final RoomRepository rooms;
  private final RoomAccess access;
  private final UserRepository users;
  private final AuthGuard guard;
  private final AuthLimits limits;
  private final SessionIssuer issuer;
  private final InviteCodes inviteCodes = new InviteCodes();
  private final Clock clock;

  public RoomsApi(
      RoomRepository rooms,
      RoomAccess access,
      UserRepository users,
      AuthGuard guard,
      AuthLimits limits,
      SessionIssuer issuer,
      Clock clock) {
    this.rooms = rooms;
    this.access = access;
    this.users = users;
    this.guard = guard;
    this.limits = limits;
    this.issuer = issuer;
    this.clock = clock;
  }

  public void mount(Router api) {
    api.post("/rooms").handler(guard.required()).handler(ctx -> Responses.json(ctx, 201, create(ctx)));
    api.get("/rooms").handler(guard.required()).handler(ctx -> Responses.json(ctx, 200, list(ctx)));
    api.get("/rooms/:id").handler(guard.required()).handler(ctx -> Responses.json(ctx, 200, get(ctx)));
    api.patch("/rooms/:id").handler(guard.required()).handler(ctx -> Responses.json(ctx, 200, update(ctx)));
    api.post("/rooms/:id/invite").handler(guard.required()).handler(ctx -> Responses.json(ctx, 200, newInvite(ctx)));
    api.post("/invites/:code/join").handler(ctx -> Responses.json(ctx, 200, join(ctx)));
  }

  private Future<JsonObject> create(RoutingContext ctx) {
    Principal p = AuthGuard.principal(ctx);
    if (p.guest()) {
      throw new Forbidden("guest_not_allowed", "Guests cannot create rooms. Sign up to host your own.");
    }
    String name = JsonBody.of(ctx).string("name", NAME_MAX);
    Room room =
        new Room(UUID.randomUUID().toString(), name, p.userId(), inviteCodes.next(), clock.millis(), VideoQuality.DEFAULT);
    return rooms.create(room).map(v -> new JsonObject().put("room", room.toJson(p.userId())));
  }

  private Future<JsonObject> list(RoutingContext ctx) {
    Principal p = AuthGuard.principal(ctx);
    return rooms
        .listForUser(p.userId())
        .map(
            all -> {
              JsonArray out = new JsonArray();
              all.stream()
                  .filter(r -> !p.guest() || r.id().equals(p.roomId()))
                  .forEach(r -> out.add(r.toJson(p.userId())));
              return new JsonObject().put("rooms", out);
            });
  }

  private Future<JsonObject> get(RoutingContext ctx) {
    Principal p = AuthGuard.principal(ctx);
    return access.requireMember(p, ctx.pathParam("id")).map(m -> new JsonObject().put("room", m.room().toJson(p.userId())));
  }

  /** The host's room settings: today the recording quality of everyone's camera. */
  private Future<JsonObject> update(RoutingContext ctx) {
    Principal p = AuthGuard.principal(ctx);
    String quality = VideoQuality.parse(JsonBody.of(ctx).string("videoQuality", 8));
    return hostChanges(p, ctx.pathParam("id"), "change its settings", room -> {
      Room changed = room.withVideoQuality(quality);
      return rooms.setVideoQuality(changed.id(), quality).map(changed);
    });
  }

  /** The host replaces the invite code, e.g. after a kick: whoever holds the old link can no longer join. */
  private Future<JsonObject> newInvite(RoutingContext ctx) {
    Principal p = AuthGuard.principal(ctx);
    return hostChanges(p, ctx.pathParam("id"), "make a new invite link", room -> {
      Room renewed = room.withInviteCode(inviteCodes.next());
      return rooms.setInviteCode(renewed.id(), renewed.inviteCode()).map(renewed);
    });
  }

  /** A change only the room's host may make (403 {@code not_host} otherwise); answers the changed room. */
  private Future<JsonObject> hostChanges(Principal p, String roomId, String what, Function<Room, Future<Room>> change) {
    return access
        .requireMember(p, roomId)
        .compose(
            m -> {
              if (!m.host()) {
                throw new Forbidden("not_host", "Only the room's host can " + what + ".");
              }
              return change.apply(m.room());
            })
        .map(room -> new JsonObject().put("room", room.toJson(p.userId())));
  }

  /**
   * A signed-in account joins as itself; anyone else (including a guest of another room) becomes
   * a new guest whose session is limited to this room.
   */
  private Future<JsonObject> join(RoutingContext ctx) {
    String code = ctx.pathParam("code");
    if (!InviteCodes.wellFormed(code)) {
      throw inviteNotFound();
    }
    return guard
        .optional(ctx)
        .compose(
            caller ->
                rooms
                    .findByInviteCode(code)
                    .compose(
                        room -> {
                          Room r = room.orElseThrow(RoomsApi::inviteNotFound);
                          Optional<Principal> account = caller.filter(c -> !c.guest() || r.id().equals(c.roomId()));
                          return account.isPresent()
                              ? joinAsMember(r, account.get())
                              : joinAsGuest(ctx, r);
                        }));
  }

  private Future<JsonObject> joinAsMember(Room room, Principal p) {
    return rooms
        .addMember(room.id(), p.userId(), RoomRepository.ROLE_GUEST, clock.millis())
        .compose(v -> access.requireMember(p, room.id()))
        .compose(m -> users.findById(p.userId()))
        .map(u -> new JsonObject().put("room", room.toJson(p.userId())).put("user", u.orElseThrow(Unauthenticated::new).toJson()));
  }

  private Future<JsonObject> joinAsGuest(RoutingContext ctx, Room room) {
    String address = ClientAddress.of(ctx);
    limits.checkSignup(address);
    String displayName = AccountRules.displayName(JsonBody.of(ctx));
    limits.recordSignup(address);
    User guest = new User(UUID.randomUUID().toString(), null, displayName, Principal.ROLE_GUEST);
    long now = clock.millis();
    return users
        .insert(guest, null, now)
        .compose(v -> rooms.addMember(room.id(), guest.id(), RoomRepository.ROLE_GUEST, now))
        .compose(v -> issuer.start(ctx, guest, room.id()))
        .map(token -> new JsonObject().put("room", room.toJson(guest.id())).put("user", guest.toJson()));
  }

  private static NotFound inviteNotFound() {
    return new NotFound("invite_not_found", "This invite link is not valid. Ask the host for a new one.");
  }
}
