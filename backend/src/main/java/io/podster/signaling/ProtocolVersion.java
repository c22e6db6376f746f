package io.podster.signaling;

import io.vertx.core.json.JsonObject;
import java.math.BigInteger;

/**
 * The signaling protocol's major version, sent by the client in {@code join}. A {@code join}
 * without one comes from a client older than versioning, which speaks version 1: the same
 * messages, signals without stream labels. A version this server does not speak is refused with
 * {@code unsupported_protocol}, naming the ones it does, so an old server never half-serves a
 * newer client.
 */
final class ProtocolVersion {
  /** What this server's own SPA sends: version 1 plus stream labels in signals. */
  static final int CURRENT = 2;
  /** A {@code join} without {@code protocol}. */
  static final int UNVERSIONED = 1;
  static final int OLDEST = 1;

  private ProtocolVersion() {}

  /** The version in {@code join}; {@code bad_message} for one that is not a whole number from 1. */
  static int read(JsonObject join) {
    Object v = join.getValue("protocol");
    if (v == null) {
      return UNVERSIONED;
    }
    if (!(v instanceof Integer || v instanceof Long || v instanceof BigInteger)) {
      throw SignalError.badMessage("'protocol' must be a whole number: the protocol's major version.");
    }
    BigInteger version = v instanceof BigInteger b ? b : BigInteger.valueOf(((Number) v).longValue());
    if (version.signum() <= 0) {
      throw SignalError.badMessage("'protocol' must be a whole number from 1.");
    }
    if (version.compareTo(BigInteger.valueOf(OLDEST)) < 0 || version.compareTo(BigInteger.valueOf(CURRENT)) > 0) {
      throw new SignalError(
          "unsupported_protocol",
          "This server speaks signaling protocol " + CURRENT + " (and " + OLDEST + ": a join without 'protocol')."
              + " Reload the page to get a client that speaks it.");
    }
    return version.intValue();
  }
}
