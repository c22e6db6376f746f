package io.podster.rooms;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/** Unguessable invite codes: 144 random bits, URL-safe. */
public final class InviteCodes {
  private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{24}");
  private final SecureRandom random = new SecureRandom();

  public String next() {
    byte[] bytes = new byte[18];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  /** Lets obviously wrong codes fail fast without a database round trip. */
  public static boolean wellFormed(String code) {
    return code != null && SHAPE.matcher(code).matches();
  }
}
