package io.podster.recording;

import io.podster.http.ApiError;
import io.vertx.core.Future;

/**
 * Bytes per account: completed recordings' sizes plus, for uploads in flight, an estimate of
 * highest presigned part number × 5 MiB (every part but the last is at least 5 MiB, so this is
 * what the store will hold once those parts land, minus at most one short last part). Checked when
 * URLs are signed and again with real sizes at completion; refusing never deletes anything.
 */
final class Quota {
  static final long PART_ESTIMATE = CompletionCheck.MIN_PART_BYTES;
  private final RecordingRepository recordings;
  private final long quotaBytes;

  Quota(RecordingRepository recordings, long quotaBytes) {
    this.recordings = recordings;
    this.quotaBytes = quotaBytes;
  }

  /** Before signing URLs up to part {@code maxPart} of {@code recordingId}. */
  Future<Void> checkPresign(String userId, String recordingId, int maxPart) {
    return check(userId, recordingId, maxPart * PART_ESTIMATE);
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
              long total = u.completeBytes() + u.reservedParts() * PART_ESTIMATE + thisOne;
              return total > quotaBytes
                  ? Future.failedFuture(
                      new ApiError(
                          413,
                          "quota_exceeded",
                          "This would exceed your storage quota of " + quotaBytes
                              + " bytes. Delete old recordings; nothing already uploaded was lost."))
                  : Future.succeededFuture();
            });
  }
}
