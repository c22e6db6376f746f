package io.podster.recording;

import io.vertx.core.json.JsonObject;

/**
 * A stretch of silence a lossless recorder put in for microphone input the browser lost, on the
 * track's own time line: it begins {@code atMs} after the track's first sample and lasts {@code ms}.
 * The same person's camera file lost that input without saying so, so an editor needs these to
 * place the camera in pieces.
 */
public record Fill(double atMs, double ms) {
  JsonObject toJson() {
    return new JsonObject().put("atMs", atMs).put("ms", ms);
  }
}
