package io.podster.storage;

import io.podster.config.PodsterConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketAlreadyOwnedByYouException;
import software.amazon.awssdk.services.s3.model.CreateBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The node's handle on the object store: an async client for the few calls the server makes
 * itself (create/complete/abort uploads, list parts) and a presigner for the URLs browsers upload
 * to. The server never carries media bytes.
 */
public final class ObjectStore implements AutoCloseable {
  // A readiness probe must answer in time even when the store hangs; retries would only delay it.
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(3);

  private final Vertx vertx;
  private final S3AsyncClient client;
  private final S3Presigner presigner;
  private final String bucket;
  private final String region;

  private ObjectStore(
      Vertx vertx, S3AsyncClient client, S3Presigner presigner, String bucket, String region) {
    this.vertx = vertx;
    this.client = client;
    this.presigner = presigner;
    this.bucket = bucket;
    this.region = region;
  }

  /**
   * The SDK's default async HTTP client (Netty) is used: it runs on its own event-loop threads
   * and, with the parent's netty-bom, on the same Netty 4.2 jars as Vert.x.
   */
  public static ObjectStore create(Vertx vertx, PodsterConfig.Storage s) {
    URI endpoint = URI.create(s.effectiveEndpoint());
    Region region = Region.of(s.region());
    StaticCredentialsProvider credentials =
        StaticCredentialsProvider.create(AwsBasicCredentials.create(s.accessKey(), s.secretKey()));
    // The embedded store answers on 127.0.0.1 only; bucket.127.0.0.1 would never resolve.
    boolean pathStyle = s.pathStyle() || s.embedded();
    S3AsyncClient client = S3AsyncClient.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(credentials)
        .forcePathStyle(pathStyle)
        // Since SDK 2.30 every request carries a CRC checksum by default; several S3-compatible
        // stores reject or mishandle that, and browsers' presigned PUTs never send one.
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
        .build();
    S3Presigner presigner = S3Presigner.builder()
        .endpointOverride(endpoint)
        .region(region)
        .credentialsProvider(credentials)
        .serviceConfiguration(S3Configuration.builder()
            .pathStyleAccessEnabled(pathStyle)
            .checksumValidationEnabled(false)
            .build())
        .build();
    return new ObjectStore(vertx, client, presigner, s.bucket(), s.region());
  }

  public S3AsyncClient client() {
    return client;
  }

  public S3Presigner presigner() {
    return presigner;
  }

  public String bucket() {
    return bucket;
  }

  /** Creates the bucket unless it exists; safe to call from every node at every start. */
  public Future<Void> ensureBucket() {
    CompletableFuture<Void> cf = client.headBucket(b -> b.bucket(bucket))
        .<Void>thenApply(r -> null)
        .exceptionallyCompose(e -> missing(e)
            ? client.createBucket(createRequest()).<Void>thenApply(r -> null)
            : CompletableFuture.failedFuture(unwrap(e)))
        // Another node may create it between our HEAD and our PUT.
        .exceptionallyCompose(e -> unwrap(e) instanceof BucketAlreadyOwnedByYouException
            ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(unwrap(e)));
    return toFuture(cf);
  }

  /** Succeeds when the store answers and the bucket is there; for the readiness probe. */
  public Future<Void> ping() {
    HeadBucketRequest req = HeadBucketRequest.builder()
        .bucket(bucket)
        .overrideConfiguration(o -> o.apiCallTimeout(PING_TIMEOUT))
        .build();
    return toFuture(client.headBucket(req).<Void>thenApply(r -> null));
  }

  private CreateBucketRequest createRequest() {
    CreateBucketRequest.Builder b = CreateBucketRequest.builder().bucket(bucket);
    // AWS rejects an explicit us-east-1 constraint and requires one for every other region.
    if (!"us-east-1".equals(region)) {
      b.createBucketConfiguration(c -> c.locationConstraint(region));
    }
    return b.build();
  }

  private static boolean missing(Throwable e) {
    Throwable t = unwrap(e);
    return t instanceof NoSuchBucketException
        || (t instanceof S3Exception s3 && s3.statusCode() == 404);
  }

  private static Throwable unwrap(Throwable e) {
    return e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
  }

  /** Hands the result back on the caller's Vert.x context rather than an SDK Netty thread. */
  private <T> Future<T> toFuture(CompletableFuture<T> cf) {
    return Future.<T>fromCompletionStage(cf, vertx.getOrCreateContext())
        .recover(e -> Future.failedFuture(unwrap(e)));
  }

  @Override
  public void close() {
    presigner.close();
    client.close();
  }
}
