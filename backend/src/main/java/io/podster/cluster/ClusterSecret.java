package io.podster.cluster;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Proofs made with the secret every node of a cluster already shares ({@code PODSTER_JWT_SECRET}),
 * under a key derived for this purpose alone, so a proof never passes for a session token or the
 * other way round. Hazelcast open source lets any process that reaches its port join, read and
 * write the shared maps; what an honest node believes from them carries such a proof.
 */
public final class ClusterSecret {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  public ClusterSecret(String sharedSecret) {
    byte[] derived =
        hmac(new SecretKeySpec(sharedSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM), "podster cluster proofs v1");
    this.key = new SecretKeySpec(derived, ALGORITHM);
  }

  /**
   * The proof of {@code parts} for {@code purpose} (base64url). Each part is length-prefixed, so
   * ("a:b", "c") and ("a", "b:c") differ; the purpose keeps a proof of one kind from passing for another.
   */
  public String prove(String purpose, String... parts) {
    StringBuilder text = new StringBuilder(purpose);
    for (String part : parts) {
      String p = String.valueOf(part);
      text.append('\n').append(p.length()).append(':').append(p);
    }
    return Base64.getUrlEncoder().withoutPadding().encodeToString(hmac(key, text.toString()));
  }

  /** Whether {@code proof} is the proof of {@code parts} for {@code purpose}, compared in constant time. */
  public boolean verify(String proof, String purpose, String... parts) {
    return proof != null
        && MessageDigest.isEqual(
            proof.getBytes(StandardCharsets.US_ASCII), prove(purpose, parts).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] hmac(SecretKeySpec key, String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }
}
