package io.podster.signaling;

/** Every {@code type} string on the signaling socket, in one place (see docs/signaling-protocol.md). */
final class MessageTypes {
  private MessageTypes() {}

  // client → server
  static final String JOIN = "join";
  static final String SIGNAL = "signal";
  static final String STATE = "state";
  static final String CHAT = "chat";
  static final String RECORD_START = "record-start";
  static final String RECORD_STOP = "record-stop";
  static final String KICK = "kick";
  static final String LEAVE = "leave";
  static final String PING = "ping";
  /** The clock: asked by the client, answered with the same type and the server's time (see Dispatcher). */
  static final String TIME = "time";
  /** A browser's call-quality summary for operators' metrics (see CallStatsMessages). */
  static final String CALL_STATS = "call-stats";
  /** A participant's own recording and upload state, for the host's board (see RecordingBoard). */
  static final String RECORDING_STATUS = "recording-status";

  // server → client
  static final String JOINED = "joined";
  static final String PEER_JOINED = "peer-joined";
  static final String PEER_STATE = "peer-state";
  static final String PEER_LEFT = "peer-left";
  static final String RECORD_STARTED = "record-started";
  static final String RECORD_STOPPED = "record-stopped";
  static final String KICKED = "kicked";
  /** Server-internal, on a peer's own address only: a newer socket resumed this peer. */
  static final String TAKEOVER = "takeover";
  static final String PONG = "pong";
  /** To the room's hosts only: one participant's recording-status, attributed by the server. */
  static final String PEER_STATUS = "peer-status";
  /** To the room's hosts only: a track as the server's records have it (created, complete). */
  static final String TRACK_STATUS = "track-status";
  static final String ERROR = "error";
}
