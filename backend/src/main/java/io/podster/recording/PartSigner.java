package io.podster.recording;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs part URLs bound to their sizes and reserves those bytes: brings in the store's view of the
 * upload (ListParts), checks that only the last part is short and that the quota holds what the
 * store has plus what every URL still usable may add, then writes the reservation.
 */
final class PartSigner {
  private final RecordingRepository recordings;
  private final UploadParts parts;
  private final MultipartStore store;
  private final Quota quota;
  private final Clock clock;

  PartSigner(RecordingRepository recordings, UploadParts parts, MultipartStore store, Quota quota, Clock clock) {
    this.recordings = recordings;
    this.parts = parts;
    this.store = store;
    this.quota = quota;
    this.clock = clock;
  }

  /** Call holding the account's quota lock. */
  Future<JsonObject> sign(String userId, Recording r, List<PartSizes.Wanted> asked) {
    long listedAt = clock.millis();
    return store.listParts(r.objectKey(), r.uploadId())
        .compose(stored -> parts.of(r.id())
            .compose(known -> parts.reconcile(r.id(), known, stored, listedAt))
            .compose(known -> {
              PartSizes.checkOnlyLastShort(asked, known.stream().map(k -> new PartSizes.Wanted(k.partNumber(), k.size())).toList());
              long now = clock.millis();
              long until = now + MultipartStore.PART_URL_TTL.toMillis();
              Map<Integer, UploadParts.Part> before = new HashMap<>();
              known.forEach(k -> before.put(k.partNumber(), k));
              Map<Integer, UploadParts.Part> after = new HashMap<>(before);
              List<UploadParts.Part> signed = new ArrayList<>();
              for (PartSizes.Wanted w : asked) {
                UploadParts.Part old = before.get(w.partNumber());
                UploadParts.Part next = old == null
                    ? UploadParts.Part.fresh(w.partNumber(), w.size(), until)
                    : old.signed(w.size(), now, until);
                after.put(w.partNumber(), next);
                signed.add(next);
              }
              long inFlight = after.values().stream().mapToLong(UploadParts.Part::counted).sum();
              // Activity that keeps an upload from the janitor: a part stored, or a part signed for
              // the first time. Signing part 1 again and again is not progress.
              long lastStored = stored.stream().mapToLong(StoredPart::lastModified).max().orElse(0);
              long active = asked.stream().anyMatch(w -> !before.containsKey(w.partNumber())) ? now : lastStored;
              return quota.checkPresign(userId, r.id(), inFlight)
                  .compose(v -> parts.save(r.id(), before, signed))
                  .compose(v -> active > 0 ? recordings.touch(r.id(), active) : Future.succeededFuture())
                  .map(v -> {
                    JsonArray urls = new JsonArray();
                    asked.forEach(w -> urls.add(store.presignPart(r.objectKey(), r.uploadId(), w.partNumber(), w.size())));
                    return new JsonObject().put("parts", urls);
                  });
            }));
  }
}
