package io.podster.signaling;

import com.fasterxml.jackson.core.JsonFactory;
import io.vertx.core.json.JsonObject;
import java.util.Arrays;

/**
 * What reading a signal and building its relayed frame costs on one thread: the full parse into a
 * {@link JsonObject} and encoding again, against {@link RawSignal}. Prints figures; not a test.
 * Run by {@code scripts/bench/signal-parse}.
 */
public final class SignalParseBench {
  private static final int ROUNDS = 7;

  public static void main(String[] args) {
    String candidate =
        "{\"type\":\"signal\",\"to\":\"3f2a9c1e-7b7d-4e0b-9a51-2c1e8f0d9a11\",\"data\":{\"candidate\":"
            + "\"candidate:842163049 1 udp 1677729535 192.0.2.1 3478 typ srflx raddr 0.0.0.0 rport 0 generation 0\","
            + "\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}";
    StringBuilder sdp = new StringBuilder("v=0\\r\\no=- 4611731400430051336 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n");
    while (sdp.length() < 5000) {
      sdp.append("a=rtpmap:111 opus/48000/2\\r\\na=fmtp:111 minptime=10;useinbandfec=1\\r\\n");
    }
    String offer =
        "{\"type\":\"signal\",\"to\":\"3f2a9c1e-7b7d-4e0b-9a51-2c1e8f0d9a11\",\"data\":{\"type\":\"offer\",\"sdp\":\"" + sdp + "\"}}";
    JsonFactory json = new JsonFactory();
    for (String[] c : new String[][] {{"ICE candidate", candidate}, {"SDP offer", offer}}) {
      String text = c[1];
      int n = text.length() < 1000 ? 1_000_000 : 100_000;
      double[] full = new double[ROUNDS];
      double[] raw = new double[ROUNDS];
      long sink = 0;
      for (int r = 0; r < ROUNDS; r++) {
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          JsonObject m = new JsonObject(text);
          sink += ServerMessages.signal("peer-1", m.getJsonObject("data").encode()).length();
        }
        long t1 = System.nanoTime();
        for (int i = 0; i < n; i++) {
          sink += ServerMessages.signal("peer-1", RawSignal.read(json, text).data()).length();
        }
        long t2 = System.nanoTime();
        full[r] = (t1 - t0) / (double) n;
        raw[r] = (t2 - t1) / (double) n;
      }
      // The first rounds include JIT compilation: medians of all rounds.
      Arrays.sort(full);
      Arrays.sort(raw);
      double f = full[ROUNDS / 2];
      double w = raw[ROUNDS / 2];
      System.out.printf(
          "BENCH signal parse %-13s %5d chars: full parse + encode %7.0f ns, RawSignal %7.0f ns (%.1fx) [%d]%n",
          c[0], text.length(), f, w, f / w, sink % 10);
    }
  }
}
