package io.podster.recording;

import io.podster.storage.ObjectStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.NoSuchUploadException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.model.PresignedGetObjectRequest;
import software.amazon.awssdk.services.s3.presigner.model.PresignedUploadPartRequest;

/**
 * The S3 calls upload coordination makes, as Vert.x futures. Only metadata crosses here: the
 * bytes go between the browser and the store on URLs this class signs.
 */
final class MultipartStore {
  static final Duration PART_URL_TTL = Duration.ofMinutes(10);
  static final Duration DOWNLOAD_URL_TTL = Duration.ofMinutes(15);
  private final ObjectStore store;
  private final Vertx vertx;

  MultipartStore(ObjectStore store, Vertx vertx) {
    this.store = store;
    this.vertx = vertx;
  }

  Future<String> create(String key, String contentType) {
    return wrap(
        store.client()
            .createMultipartUpload(b -> b.bucket(store.bucket()).key(key).contentType(contentType))
            .thenApply(r -> r.uploadId()));
  }

  /**
   * Signing is local CPU work (HMACs), no request to the store. The Content-Length is a signed
   * header, so the store refuses a body of any other size (a browser's fetch sends it for a
   * Blob or array body; chunked bodies carry none and are refused too).
   */
  JsonObject presignPart(String key, String uploadId, int partNumber, long size) {
    PresignedUploadPartRequest p =
        store.presigner()
            .presignUploadPart(
                r ->
                    r.signatureDuration(PART_URL_TTL)
                        .uploadPartRequest(
                            u -> u.bucket(store.bucket()).key(key).uploadId(uploadId).partNumber(partNumber).contentLength(size)));
    return new JsonObject()
        .put("partNumber", partNumber)
        .put("size", size)
        .put("url", p.url().toString())
        .put("expiresAt", p.expiration().toString());
  }

  /** Every part the store holds, following ListParts' pages. */
  Future<List<StoredPart>> listParts(String key, String uploadId) {
    return page(key, uploadId, null, new ArrayList<>());
  }

  private Future<List<StoredPart>> page(String key, String uploadId, Integer marker, List<StoredPart> acc) {
    return wrap(
            store.client()
                .listParts(
                    b -> b.bucket(store.bucket()).key(key).uploadId(uploadId).maxParts(1000).partNumberMarker(marker)))
        .compose(
            r -> {
              r.parts().forEach(p -> acc.add(new StoredPart(p.partNumber(), StoredPart.bare(p.eTag()), p.size(),
                  p.lastModified() == null ? 0 : p.lastModified().toEpochMilli())));
              return Boolean.TRUE.equals(r.isTruncated()) && r.nextPartNumberMarker() != null
                  ? page(key, uploadId, r.nextPartNumberMarker(), acc)
                  : Future.succeededFuture(acc);
            });
  }

  Future<Void> complete(String key, String uploadId, List<StoredPart> parts) {
    List<CompletedPart> completed =
        parts.stream()
            .map(p -> CompletedPart.builder().partNumber(p.partNumber()).eTag("\"" + p.etag() + "\"").build())
            .toList();
    return wrap(
            store.client()
                .completeMultipartUpload(
                    b ->
                        b.bucket(store.bucket())
                            .key(key)
                            .uploadId(uploadId)
                            .multipartUpload(m -> m.parts(completed))))
        .mapEmpty();
  }

  Future<Long> size(String key) {
    return wrap(store.client().headObject(b -> b.bucket(store.bucket()).key(key)).thenApply(r -> r.contentLength()));
  }

  /** Aborting an upload the store no longer knows is fine: the goal (no parts kept) holds. */
  Future<Void> abort(String key, String uploadId) {
    return wrap(store.client().abortMultipartUpload(b -> b.bucket(store.bucket()).key(key).uploadId(uploadId)))
        .<Void>mapEmpty()
        .recover(e -> noSuchUpload(e) ? Future.succeededFuture() : Future.failedFuture(e));
  }

  Future<Void> delete(String key) {
    return wrap(store.client().deleteObject(b -> b.bucket(store.bucket()).key(key))).mapEmpty();
  }

  String presignDownload(String key, String contentType, String fileName) {
    PresignedGetObjectRequest p =
        store.presigner()
            .presignGetObject(
                r ->
                    r.signatureDuration(DOWNLOAD_URL_TTL)
                        .getObjectRequest(
                            g ->
                                g.bucket(store.bucket())
                                    .key(key)
                                    .responseContentType(contentType)
                                    .responseContentDisposition("attachment; filename=\"" + fileName + "\"")));
    return p.url().toString();
  }

  static boolean noSuchUpload(Throwable e) {
    return e instanceof NoSuchUploadException || (e instanceof S3Exception s3 && s3.statusCode() == 404);
  }

  /** The store does not hold what was asked for (NoSuchKey, NoSuchUpload, a HEAD's bare 404). */
  static boolean missing(Throwable e) {
    return e instanceof NoSuchKeyException || noSuchUpload(e);
  }

  /**
   * Back on the caller's context (the HTTP verticle's event loop that asked, or the janitor's
   * timer), not the SDK's thread, with the SDK's CompletionException peeled off.
   */
  private <T> Future<T> wrap(CompletableFuture<T> cf) {
    return Future.<T>fromCompletionStage(cf, vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
  }
}
