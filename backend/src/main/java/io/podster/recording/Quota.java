package io.podster.recording;

import io.podster.domain.QuotaExceeded;
import io.vertx.core.Future;

/**
 * Bytes per account: completed recordings' sizes plus, for uploads in flight, what the store holds
 * for each part or what a URL still usable may put there (every URL is bound to its size, which
 * the store enforces). Checked when URLs are signed, under the account's lock, so the store never
 * holds more than the quota; and again with real sizes at completion. Refusing never deletes
 * anything.
 */
final class Quota {
  private final RecordingRepository recordings;
  private final long quotaBytes;

  Quota(RecordingRepository recordings, long quotaBytes) {
    this.recordings = recordings;
    this.quotaBytes = quotaBytes;
  }

  /** Before signing URLs for {@code recordingId}, whose parts would then count {@code inFlight}. */
  Future<Void> checkPresign(String userId, String recordingId, long inFlight) {
    return check(userId, recordingId, inFlight);
  }

  /** Before completing {@code recordingId}, whose parts hold {@code bytes}. */
  Future<Void> checkComplete(String userId, String recordingId, long bytes) {
    return check(userId, recordingId, bytes);
  }

  private Future<Void> check(String userId, String recordingId, long thisOne) {
    return recordings
        .usage(userId, recordingId)
        .compose(
            u -> {
              long total = u.completeBytes() + u.inFlightBytes() + thisOne;
              return total > quotaBytes
                  ? Future.failedFuture(
                      new QuotaExceeded("This would exceed your storage quota of " + quotaBytes
                              + " bytes. Delete old recordings; nothing already uploaded was lost."))
                  : Future.succeededFuture();
            });
  }
}
