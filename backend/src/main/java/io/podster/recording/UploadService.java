package io.podster.recording;

import io.podster.auth.Principal;
import io.podster.auth.RateLimiter;
import io.podster.domain.Conflict;
import io.podster.domain.DomainError;
import io.podster.domain.Forbidden;
import io.podster.domain.Invalid;
import io.podster.domain.NotFound;
import io.podster.domain.RateLimited;
import io.podster.rooms.RoomAccess;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Upload coordination: who may upload what, under which key, and when a recording is complete.
 * Inputs are the JSON the HTTP layer read; failures are {@link DomainError}s. Called through
 * {@link UploadCoordinator}, which counts and announces what it did.
 */
final class UploadService {
  private static final Set<String> KINDS = Set.of("camera", "screen", "audio");
  private static final Pattern UUID_SHAPE =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
  private final RecordingRepository recordings;
  private final UploadParts uploadParts;
  private final PartSigner signer;
  private final Takes takes;
  private final RoomAccess access;
  private final MultipartStore store;
  private final Quota quota;
  private final RateLimiter presignLimiter;
  private final Clock clock;
  private final RecordingLocks locks;
  private final UploadTokens tokens = new UploadTokens();
  private final TrackRemoval removal;

  UploadService(
      RecordingRepository recordings,
      UploadParts parts,
      Takes takes,
      RoomAccess access,
      MultipartStore store,
      Quota quota,
      RateLimiter presignLimiter,
      Clock clock,
      RecordingLocks locks) {
    this.locks = locks;
    this.removal = new TrackRemoval(recordings, parts, store, locks, clock);
    this.recordings = recordings;
    this.uploadParts = parts;
    this.signer = new PartSigner(recordings, parts, store, quota, clock);
    this.takes = takes;
    this.access = access;
    this.store = store;
    this.quota = quota;
    this.presignLimiter = presignLimiter;
    this.clock = clock;
  }

  Future<JsonObject> create(Principal p, JsonObject body) {
    String roomId = body.getString("roomId");
    String takeId = body.getString("takeId");
    String kind = body.getString("kind");
    if (!KINDS.contains(kind)) {
      throw new Invalid("invalid_field", "'kind' must be camera, screen or audio.");
    }
    String mimeType = MimeTypes.normalise(body.getString("mimeType"));
    String wantedTake = takeId == null || !UUID_SHAPE.matcher(takeId).matches() ? "" : takeId;
    return access
        .requireMember(p, roomId)
        // Under the take's lock, which its deletion takes to mark it: see TakeDeletion.
        .compose(m -> locks.take(wantedTake, () -> takes.find(wantedTake).compose(
            take -> {
              if (take.isEmpty() || !take.get().roomId().equals(roomId) || take.get().deleted()) {
                return Future.failedFuture(new NotFound("That take"));
              }
              long now = clock.millis();
              String id = UUID.randomUUID().toString();
              String key = "rooms/" + roomId + "/takes/" + takeId + "/" + p.userId() + "-" + kind + "-" + id + "."
                  + MimeTypes.extension(mimeType);
              long offset = now - take.get().startedAt();
              String uploadToken = tokens.newToken();
              return store
                  .create(key, MimeTypes.container(mimeType))
                  .compose(
                      uploadId -> {
                        Recording r = new Recording(id, roomId, takeId, p.userId(), null, kind, mimeType, key,
                            uploadId, Recording.UPLOADING, null, null, offset, now, null, null);
                        return recordings.insert(r, UploadTokens.hash(uploadToken), now)
                            // If the row cannot be written, do not leave an orphan upload behind.
                            .recover(e -> store.abort(key, uploadId).eventually(() -> Future.failedFuture(e)));
                      })
                  .compose(v -> ownRecording(p, id))
                  // The token is shown this once; the browser keeps it with the recording's chunks.
                  .map(r -> new JsonObject().put("recording", r.toJson()).put("uploadToken", uploadToken));
            })));
  }

  /**
   * The caller who holds recording {@code id}'s upload token: its owner, for this recording's
   * upload calls only, and only while it is uploading. The token is checked before the state, so
   * a wrong token learns nothing about the recording.
   */
  Future<Principal> byUploadToken(String id, String token) {
    return find(id)
        .recover(notFound -> Future.failedFuture(UploadTokens.invalid()))
        .compose(r -> recordings.uploadTokenHash(r.id()).map(hash -> {
          if (hash.isEmpty() || !UploadTokens.matches(hash.get(), token)) {
            throw UploadTokens.invalid();
          }
          if (Recording.COMPLETE.equals(r.state())) {
            throw new Conflict("already_complete", "This recording is already complete.");
          }
          if (!r.uploading()) {
            throw new Conflict("not_uploading", "This recording is no longer uploading.");
          }
          return new Principal(r.userId(), null, UploadTokens.ROLE, r.roomId());
        }));
  }

  /**
   * Signs part URLs, each bound to the size the client states, under the account's lock so that
   * the quota check and the reservation it allows are one step.
   */
  Future<JsonObject> presign(Principal p, String id, JsonObject body) {
    long wait = presignLimiter.retryAfterSeconds(p.userId());
    if (wait > 0) {
      throw new RateLimited(wait);
    }
    presignLimiter.record(p.userId());
    List<PartSizes.Wanted> asked = PartSizes.parse(body);
    return ownUploading(p, id).compose(r -> locks.account(p.userId(), () -> signer.sign(p.userId(), r, asked)));
  }

  Future<JsonObject> listParts(Principal p, String id) {
    return ownUploading(p, id)
        .compose(r -> store.listParts(r.objectKey(), r.uploadId()))
        .map(parts -> new JsonObject().put("parts", new JsonArray(parts.stream().map(StoredPart::toJson).toList())));
  }

  /**
   * Verifies, assembles and records the upload. A second or concurrent call finds the upload gone
   * from the store (or the row already complete) and answers with the completed recording.
   */
  Future<JsonObject> complete(Principal p, String id, JsonObject body) {
    Long durationMs;
    try {
      durationMs = DurationField.read(body);
    } catch (DomainError e) {
      return Future.failedFuture(e);
    }
    // One at a time per recording, cluster-wide, with delete and the janitor: stores differ on
    // concurrent CompleteMultipartUpload of one upload (S3Proxy's filesystem store fails with a
    // 500), and a delete must not abort the upload halfway through its assembly.
    return ownRecording(p, id)
        .compose(r -> locks.recording(r.id(), () -> completeLocked(p, id, body, durationMs)));
  }

  private Future<JsonObject> completeLocked(Principal p, String id, JsonObject body, Long durationMs) {
    Object claimed = body.getValue("parts");
    return ownRecording(p, id)
        .compose(
            r -> {
              if (Recording.COMPLETE.equals(r.state())) {
                return Future.succeededFuture(r);
              }
              if (!r.uploading()) {
                return Future.failedFuture(new Conflict("not_uploading", "This upload was aborted."));
              }
              Future<TrackTiming> timing = takes.find(r.takeId()).map(t -> t.isEmpty() ? null
                  : TimingField.read(body, r.kind(), t.get(), clock.millis()));
              return timing.compose(placed -> store
                  .listParts(r.objectKey(), r.uploadId())
                  .compose(stored -> {
                    List<StoredPart> parts = CompletionCheck.verify(claimed, stored);
                    long bytes = parts.stream().mapToLong(StoredPart::size).sum();
                    return quota.checkComplete(p.userId(), r.id(), bytes)
                        .compose(v -> store.complete(r.objectKey(), r.uploadId(), parts));
                  })
                  // Gone from the store while the row says uploading: an earlier complete assembled it
                  // and could not record that. The object then exists; if not, nothing is left to finish.
                  .recover(e -> MultipartStore.noSuchUpload(e) ? Future.succeededFuture() : Future.failedFuture(e))
                  .compose(v -> store.size(r.objectKey()))
                  .recover(e -> Future.failedFuture(MultipartStore.missing(e)
                      ? new Conflict("upload_missing", "The store no longer holds this upload. Record it again.")
                      : e))
                  .compose(size -> recordings.markComplete(r.id(), size, durationMs, placed, clock.millis())))
                  .compose(v -> uploadParts.forget(r.id()))
                  .compose(v -> ownRecording(p, id))
                  .compose(done -> done.uploading() || !Recording.COMPLETE.equals(done.state())
                      ? Future.failedFuture(new Conflict("not_uploading", "This upload is no longer active."))
                      : Future.succeededFuture(done));
            })
        .map(r -> new JsonObject().put("recording", r.toJson()));
  }

  /**
   * The owner (or the room's host) removes a recording: parts are aborted, objects deleted. Under
   * the recording's lock the row is read again, so a complete that finished meanwhile is deleted
   * as a complete recording, not "aborted" while its object stays.
   */
  Future<JsonObject> delete(Principal p, String id) {
    return visible(p, id).compose(seen -> removal.remove(seen.id()));
  }

  Future<JsonObject> list(Principal p, String roomId) {
    return access
        .requireMember(p, roomId)
        .compose(m -> recordings.listByRoom(roomId, m.host() ? null : p.userId()))
        .map(all -> new JsonObject().put("recordings", new JsonArray(all.stream().map(Recording::toJson).toList())));
  }

  Future<JsonObject> download(Principal p, String id) {
    return visible(p, id)
        .map(
            r -> {
              if (!Recording.COMPLETE.equals(r.state())) {
                throw new Conflict("not_complete", "This recording has not finished uploading.");
              }
              return new JsonObject().put("url", store.presignDownload(r.objectKey(), MimeTypes.container(r.mimeType()), fileName(r)));
            });
  }

  /** e.g. {@code Ada-Lovelace_take-1a2b3c4d_camera.webm}: person, take and kind. */
  static String fileName(Recording r) {
    String person = r.displayName() == null ? "participant" : r.displayName().replaceAll("[^A-Za-z0-9._-]+", "-");
    person = person.replaceAll("^-+|-+$", "");
    if (person.isEmpty()) {
      person = "participant";
    }
    return person + "_take-" + r.takeId().substring(0, 8) + "_" + r.kind() + "." + MimeTypes.extension(r.mimeType());
  }

  private Future<Recording> ownUploading(Principal p, String id) {
    return ownRecording(p, id)
        .map(
            r -> {
              if (!r.uploading()) {
                throw new Conflict("not_uploading", "This recording is no longer uploading.");
              }
              return r;
            });
  }

  private Future<Recording> ownRecording(Principal p, String id) {
    return find(id)
        .map(
            r -> {
              if (!r.userId().equals(p.userId())) {
                throw new Forbidden("not_owner", "Only the person who recorded this can upload it.");
              }
              return r;
            });
  }

  /** The owner, or the host of the recording's room. */
  private Future<Recording> visible(Principal p, String id) {
    return find(id)
        .compose(
            r -> r.userId().equals(p.userId())
                ? Future.succeededFuture(r)
                : access.requireMember(p, r.roomId()).map(m -> {
                  if (!m.host()) {
                    throw new Forbidden("not_owner", "Only the host and the person who recorded this may see it.");
                  }
                  return r;
                }));
  }

  private Future<Recording> find(String id) {
    if (id == null || !UUID_SHAPE.matcher(id).matches()) {
      return Future.failedFuture(new NotFound("That recording"));
    }
    return recordings.find(id).map(r -> r.orElseThrow(() -> new NotFound("That recording")));
  }
}
