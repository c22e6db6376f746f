package io.podster.recording;

/**
 * Event-bus addresses of the upload coordinator, declared once. Local to each node: the requests
 * name their caller, which only the node that checked the session may vouch for.
 */
public final class RecordingAddresses {
  public static final String CREATE = "recordings.create";
  public static final String PRESIGN = "recordings.parts.presign";
  public static final String LIST_PARTS = "recordings.parts.list";
  public static final String COMPLETE = "recordings.complete";
  public static final String DELETE = "recordings.delete";
  public static final String LIST = "recordings.list";
  public static final String DOWNLOAD = "recordings.download";
  public static final String DELETE_TAKE = "recordings.take.delete";
  /**
   * Published cluster-wide by the node that recorded it: a recording's JSON each time one is
   * created or completes, so the room's host hears it from the server's own records.
   */
  public static final String TRACKS = "recordings.tracks";

  private RecordingAddresses() {}
}
