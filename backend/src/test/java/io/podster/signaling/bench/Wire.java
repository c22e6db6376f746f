package io.podster.signaling.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * How the load generator speaks to one server: Podster's JSON protocol on {@code /ws}, or Socket.IO
 * (Engine.IO 4 over a plain WebSocket, the frames socket.io-client sends with transport websocket).
 * The same Vert.x client drives both, so the comparison is server against server. The frames of
 * the measured messages are built by concatenation and read by looking for the two fields the
 * generator needs: a full JSON round trip per message made the generator cost more CPU than the
 * servers, on the same 2 cores.
 */
abstract class Wire {
  static final String CANDIDATE = "candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host";
  final WebSocketClient client;
  /** What a receiver saw: a signal (with its send time) or a state from a room mate. */
  interface Sink {
    void signal(LoadPeer to, long sentNanos);

    void state(LoadPeer to, String fromId);
  }

  volatile Sink sink;

  /**
   * Browsers offer permessage-deflate on every WebSocket; so does the generator (unless
   * {@code -Dbench.deflate=false}), and each server answers as it is configured to: what it costs a
   * server that accepts is part of what is compared.
   */
  static final boolean OFFER_DEFLATE = !"false".equals(System.getProperty("bench.deflate"));

  Wire(Vertx vertx) {
    this.client =
        vertx.createWebSocketClient(
            new WebSocketClientOptions()
                .setMaxConnections(100_000)
                .setMaxFrameSize(256 * 1024)
                .setMaxMessageSize(256 * 1024)
                .setTryUsePerMessageCompression(OFFER_DEFLATE));
  }

  abstract WebSocketConnectOptions options(int port);

  Future<LoadPeer> connect(int port) {
    WebSocketConnectOptions o = options(port);
    o.setAllowOriginHeader(o.getHeaders() != null && o.getHeaders().contains("Origin"));
    // Handlers first: a server that speaks first (Engine.IO's open packet) must not be missed.
    ClientWebSocket ws = client.webSocket();
    LoadPeer p = new LoadPeer(ws);
    p.pending = Promise.promise();
    ws.textMessageHandler(t -> onText(p, t));
    return ws.connect(o)
        .compose(
            x -> {
              opened(p);
              return p.pending.future().map(p);
            });
  }

  /** Called once the socket is open; completes {@code p.pending} when the socket is usable. */
  abstract void opened(LoadPeer p);

  /** Joins the room; completes with the peer's id known. */
  Future<Void> join(LoadPeer p, String roomId) {
    p.pending = Promise.promise();
    p.ws.writeTextMessage(joinFrame(roomId));
    return p.pending.future();
  }

  abstract String joinFrame(String roomId);

  /** What a client sends before hanging up, or null if closing the socket says it all. */
  abstract String leaveFrame();

  abstract String signal(String to, long nanos);

  abstract String state(boolean audio);

  abstract void onText(LoadPeer p, String text);

  static final class Podster extends Wire {
    private final String cookie;
    private final String origin;

    Podster(Vertx vertx, String cookie, String origin) {
      super(vertx);
      this.cookie = cookie;
      this.origin = origin;
    }

    @Override
    WebSocketConnectOptions options(int port) {
      return new WebSocketConnectOptions()
          .setHost("127.0.0.1")
          .setPort(port)
          .setURI("/ws")
          .addHeader("Cookie", "podster_session=" + cookie)
          .addHeader("Origin", origin);
    }

    @Override
    void opened(LoadPeer p) {
      p.pending.complete();
    }

    @Override
    String joinFrame(String roomId) {
      return new JsonObject().put("type", "join").put("roomId", roomId).encode();
    }

    @Override
    String leaveFrame() {
      return new JsonObject().put("type", "leave").encode();
    }

    private static final String STATE_ON = stateFrame(true);
    private static final String STATE_OFF = stateFrame(false);

    @Override
    String signal(String to, long nanos) {
      return "{\"type\":\"signal\",\"to\":\"" + to + "\",\"data\":{\"t\":" + nanos + ",\"candidate\":\"" + CANDIDATE + "\"}}";
    }

    private static String stateFrame(boolean audio) {
      return new JsonObject().put("type", "state").put("audio", audio).put("video", true).put("screen", false).encode();
    }

    @Override
    String state(boolean audio) {
      return audio ? STATE_ON : STATE_OFF;
    }

    @Override
    void onText(LoadPeer p, String text) {
      if (text.contains("\"type\":\"signal\"")) {
        sink.signal(p, longAfter(text, "\"t\":"));
        return;
      }
      if (text.contains("\"type\":\"peer-state\"")) {
        sink.state(p, stringAfter(text, "\"peerId\":\""));
        return;
      }
      JsonObject m = new JsonObject(text);
      switch (m.getString("type")) {
        case "joined" -> {
          p.id = m.getString("peerId");
          p.pending.tryComplete();
        }
        case "error" -> {
          if (p.pending != null && p.pending.tryFail(m.encode())) {
            return;
          }
          System.out.println("BENCH-ERROR " + m.encode());
        }
        default -> {}
      }
    }
  }

  static final class SocketIo extends Wire {
    SocketIo(Vertx vertx) {
      super(vertx);
    }

    @Override
    WebSocketConnectOptions options(int port) {
      return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI("/socket.io/?EIO=4&transport=websocket");
    }

    @Override
    void opened(LoadPeer p) {
      // Engine.IO sends its open packet ("0{…}"); we answer with a connect to the main namespace.
    }

    @Override
    String joinFrame(String roomId) {
      return "421" + new JsonArray().add("join").add(roomId).encode();
    }

    @Override
    String leaveFrame() {
      return null;
    }

    private static final String STATE_ON = stateFrame(true);
    private static final String STATE_OFF = stateFrame(false);

    @Override
    String signal(String to, long nanos) {
      return "42[\"signal\",{\"to\":\"" + to + "\",\"data\":{\"t\":" + nanos + ",\"candidate\":\"" + CANDIDATE + "\"}}]";
    }

    private static String stateFrame(boolean audio) {
      return "42" + new JsonArray().add("state").add(new JsonObject().put("audio", audio).put("video", true).put("screen", false)).encode();
    }

    @Override
    String state(boolean audio) {
      return audio ? STATE_ON : STATE_OFF;
    }

    @Override
    void onText(LoadPeer p, String text) {
      if (text.startsWith("42[\"signal\"")) {
        sink.signal(p, longAfter(text, "\"t\":"));
      } else if (text.startsWith("42[\"peer-state\"")) {
        sink.state(p, stringAfter(text, "\"peerId\":\""));
      } else if (text.equals("2")) {
        p.ws.writeTextMessage("3");
      } else if (text.startsWith("431")) {
        p.pending.tryComplete();
      } else if (text.startsWith("40")) {
        p.id = new JsonObject(text.substring(2)).getString("sid");
        p.pending.tryComplete();
      } else if (text.startsWith("0")) {
        p.ws.writeTextMessage("40");
      }
    }
  }

  /** The number right after {@code key} (the send time a signal carries). */
  static long longAfter(String text, String key) {
    int i = text.indexOf(key) + key.length();
    long n = 0;
    for (char c; i < text.length() && (c = text.charAt(i)) >= '0' && c <= '9'; i++) {
      n = n * 10 + (c - '0');
    }
    return n;
  }

  /** The string value right after {@code key}, which ends with its opening quote (ids hold no escapes). */
  static String stringAfter(String text, String key) {
    int from = text.indexOf(key) + key.length();
    return text.substring(from, text.indexOf('"', from));
  }
}
