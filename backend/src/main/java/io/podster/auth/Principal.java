package io.podster.auth;

/**
 * Who is calling, after the token and its server-side session were checked. {@code roomId} is set
 * for guests: the only room their session may use.
 */
public record Principal(String userId, String sessionId, String role, String roomId) {
  public static final String ROLE_USER = "user";
  public static final String ROLE_GUEST = "guest";
  static final String CONTEXT_KEY = "podster.principal";

  public boolean guest() {
    return ROLE_GUEST.equals(role);
  }
}
