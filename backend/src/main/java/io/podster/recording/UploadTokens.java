package io.podster.recording;

import io.podster.domain.Unauthenticated;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Upload tokens: a random secret handed out once, when a recording is created, and kept by the
 * browser with the recording's chunks. It stands in for a session on that one recording's
 * presign, list-parts, complete and abort, while the recording is uploading, so a guest whose
 * one-day session ran out (or a browser now signed in as someone else) can still finish the track.
 * The server keeps only its SHA-256: 256 random bits need no salt or slow hash.
 */
final class UploadTokens {
  /** Request header carrying the token. Like Bearer, it is never sent by a browser on its own, so needs no CSRF header. */
  static final String HEADER = "X-Upload-Token";
  /** The role of a caller known by upload token: it owns one recording and may do nothing else. */
  static final String ROLE = "upload";
  private static final int MAX_LENGTH = 100;
  private final SecureRandom random = new SecureRandom();

  String newToken() {
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static String hash(String token) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** Constant-time: a wrong token learns nothing from the timing. */
  static boolean matches(String storedHash, String token) {
    if (storedHash == null || token == null || token.isEmpty() || token.length() > MAX_LENGTH) {
      return false;
    }
    return MessageDigest.isEqual(
        storedHash.getBytes(StandardCharsets.US_ASCII), hash(token).getBytes(StandardCharsets.US_ASCII));
  }

  static Unauthenticated invalid() {
    return new Unauthenticated("bad_upload_token", "This upload token is not valid for this recording.");
  }
}
