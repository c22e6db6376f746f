package io.podster.recording;

import io.podster.auth.AuthGuard;
import io.podster.auth.Principal;
import io.podster.domain.Forbidden;
import io.podster.domain.NotFound;
import io.podster.http.Responses;
import io.podster.rooms.RoomAccess;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Takes of a room and their tracks. The manifest is what an editor needs to line tracks up: each
 * track's offset from the take's server start time, which is the one shared clock.
 */
public final class TakesApi {
  private final Takes takes;
  private final RecordingRepository recordings;
  private final RoomAccess access;
  /**
   * A track still uploading this long after its take stopped and after its last create or presign
   * is stranded: the browser holding its chunks is gone (closed, crashed, offline), and the track
   * completes only when that browser comes back. A live uploader presigns every part, so ten quiet
   * minutes is not a slow link.
   */
  static final Duration STRANDED_AFTER = Duration.ofMinutes(10);
  private final AuthGuard guard;
  private final Clock clock;
  static final String TIME_BASE = "Place each track offsetMs milliseconds after the take's startedAt (the server's clock):"
      + " offsetMs is when the track's first recorded sample was captured, on the server's clock as the recording browser"
      + " estimated it (clockOffsetMs, true to about clockUncertaintyMs; null when the track was placed by when the server"
      + " first heard of it). An audio track holds samples at its nominal sampleRate; driftPpm is how much faster (positive)"
      + " or slower its samples ran against the server's clock (parts per million): it really lasted"
      + " samples / (sampleRate * (1 + driftPpm/1e6)) seconds, so to keep it in step over a long take, resample it from"
      + " sampleRate * (1 + driftPpm/1e6) to sampleRate. An audio track's fills ({atMs, ms}, ms on the track's own time"
      + " line from its first sample; null when not known) are where silence was put in for microphone input the browser"
      + " lost. The same person's camera track lacks that time: from a fill on, its content lies the fill's length earlier"
      + " than the audio track's, so place the camera in pieces, each piece after a fill moved later by the total length"
      + " of the fills before it (or take the audio track's sound).";

  public TakesApi(Takes takes, io.vertx.sqlclient.Pool pool, RoomAccess access, AuthGuard guard, Clock clock) {
    this.takes = takes;
    this.recordings = new RecordingRepository(pool);
    this.access = access;
    this.guard = guard;
    this.clock = clock;
  }

  public void mount(Router api) {
    api.post("/rooms/:id/takes").handler(guard.required()).handler(ctx -> Responses.json(ctx, 201, start(ctx)));
    api.get("/rooms/:id/takes").handler(guard.required()).handler(ctx -> Responses.json(ctx, 200, list(ctx)));
    api.get("/rooms/:id/takes/:takeId/manifest").handler(guard.required()).handler(ctx -> Responses.json(ctx, 200, manifest(ctx)));
  }

  private Future<JsonObject> start(RoutingContext ctx) {
    Principal p = AuthGuard.principal(ctx);
    String roomId = ctx.pathParam("id");
    return access
        .requireMember(p, roomId)
        .compose(m -> {
          if (!m.host()) {
            return Future.failedFuture(new Forbidden("not_host", "Only the host can start recording."));
          }
          return takes.start(roomId, p.userId());
        })
        .map(t -> new JsonObject().put("take", t.toJson()));
  }

  /** The host sees every track; a participant sees their own, as with recordings. */
  private Future<JsonObject> list(RoutingContext ctx) {
    Principal p = AuthGuard.principal(ctx);
    String roomId = ctx.pathParam("id");
    return access
        .requireMember(p, roomId)
        .compose(m -> takes.listAll(roomId).compose(all -> recordings.listByRoom(roomId, m.host() ? null : p.userId())
            .compose(recs -> recordings.uploadingActivity(roomId).map(activity -> {
              long strandedBefore = clock.millis() - STRANDED_AFTER.toMillis();
              JsonArray out = new JsonArray();
              for (int i = 0; i < all.size(); i++) {
                Take t = all.get(i);
                JsonArray tracks = tracks(t, recs, activity, strandedBefore);
                // A deleted take is listed only while a track of it still holds bytes (an outage
                // interrupted the deletion), so the host sees it is not gone yet and can finish it.
                if (t.deleted() && !holdsBytes(tracks)) {
                  continue;
                }
                JsonObject json = t.toJson();
                out.add(new JsonObject()
                    .put("id", t.id())
                    .put("name", t.name())
                    // Counted over every take the room ever had, deleted ones too, so "Take 3" stays Take 3.
                    .put("number", all.size() - i)
                    .put("startedAt", json.getString("startedAt"))
                    .put("startAt", json.getString("startAt"))
                    .put("stoppedAt", json.getString("stoppedAt"))
                    .put("deleting", t.deleted())
                    .put("tracks", tracks));
              }
              return new JsonObject().put("takes", out);
            }))));
  }

  private Future<JsonObject> manifest(RoutingContext ctx) {
    Principal p = AuthGuard.principal(ctx);
    String roomId = ctx.pathParam("id");
    String takeId = ctx.pathParam("takeId");
    return access
        .requireMember(p, roomId)
        .compose(m -> takes.list(roomId).compose(all -> {
          Take t = all.stream().filter(x -> x.id().equals(takeId)).findFirst().orElseThrow(() -> new NotFound("That take"));
          return recordings.listByRoom(roomId, m.host() ? null : p.userId()).map(recs -> {
            JsonArray tracks = new JsonArray();
            for (Recording r : recs) {
              if (r.takeId().equals(t.id())) {
                JsonObject track = r.toJson().put("recordingId", r.id()).put("download", "/api/recordings/" + r.id() + "/download");
                if (r.timing() != null) {
                  r.timing().addTo(track, r.kind());
                } else {
                  // Placed by when the server heard of it: the clock estimate is unknown.
                  track.put("clockOffsetMs", null).put("clockUncertaintyMs", null);
                  if (Recording.AUDIO.equals(r.kind())) {
                    // Every audio track says whether its fills are known, so an editor never mistakes "not told" for none.
                    track.put("fills", null);
                  }
                }
                tracks.add(track);
              }
            }
            return new JsonObject()
                .put("takeId", t.id())
                .put("roomId", roomId)
                .put("name", t.name())
                .put("startedAt", Instant.ofEpochMilli(t.startedAt()).toString())
                .put("stoppedAt", t.toJson().getString("stoppedAt"))
                .put("timeBase", TIME_BASE)
                .put("tracks", tracks);
          });
        }));
  }

  private static JsonArray tracks(Take t, List<Recording> recs, Map<String, Long> activity, long strandedBefore) {
    JsonArray out = new JsonArray();
    for (Recording r : recs) {
      if (r.takeId().equals(t.id())) {
        Long touched = activity.get(r.id());
        boolean stranded = r.uploading() && t.stoppedAt() != null && t.stoppedAt() < strandedBefore
            && touched != null && touched < strandedBefore;
        out.add(new JsonObject()
            .put("recordingId", r.id())
            .put("userId", r.userId())
            .put("displayName", r.displayName())
            .put("kind", r.kind())
            .put("state", r.state())
            .put("offsetMs", r.offsetMs())
            .put("durationMs", r.durationMs())
            .put("mimeType", r.mimeType())
            .put("size", r.size())
            .put("sampleRate", r.timing() == null ? null : r.timing().sampleRate())
            .put("stranded", stranded));
      }
    }
    return out;
  }

  private static boolean holdsBytes(JsonArray tracks) {
    return tracks.stream().anyMatch(t -> !Recording.ABORTED.equals(((JsonObject) t).getString("state")));
  }
}
