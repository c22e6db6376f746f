package io.podster.metrics;

import java.util.List;

/**
 * The {@code limit} tag of {@code podster_rate_limited_total}, declared once: the limiters report
 * under these names and the registry creates each series at 0 from them, so a new limit cannot be
 * counted under one spelling and pre-created under another.
 */
public final class RateLimits {
  public static final String LOGIN = "login";
  public static final String SIGNUP = "signup";
  public static final String PRESIGN = "presign";
  public static final String SIGNALING = "signaling";
  public static final List<String> ALL = List.of(LOGIN, SIGNUP, PRESIGN, SIGNALING);

  private RateLimits() {}
}
