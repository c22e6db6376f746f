package io.podster.recording;

/**
 * The event-bus address of recordings, declared once. Upload coordination itself is called
 * in-process on each node (every node has the database and the store), so it has no address.
 */
public final class RecordingAddresses {
  /**
   * Published cluster-wide by the node that recorded it: a recording's JSON each time one is
   * created, completes, or is aborted by a delete, so the room's host hears it from the server's own records.
   */
  public static final String TRACKS = "recordings.tracks";

  private RecordingAddresses() {}
}
