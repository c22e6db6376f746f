package io.podster.signaling;

/** A problem with one message; answered as {@code {type:"error", code, message, id?}}, socket open. */
final class SignalError extends RuntimeException {
  private final String code;

  SignalError(String code, String message) {
    super(message, null, false, false);
    this.code = code;
  }

  String code() {
    return code;
  }

  static SignalError badMessage(String message) {
    return new SignalError("bad_message", message);
  }

  static SignalError notJoined() {
    return new SignalError("not_joined", "Join a room first.");
  }

  static SignalError hostOnly() {
    return new SignalError("not_host", "Only the room's host may do that.");
  }

  static SignalError sessionEnded() {
    return new SignalError("session_ended", "Your session has ended (signed out or removed). Sign in again.");
  }
}
