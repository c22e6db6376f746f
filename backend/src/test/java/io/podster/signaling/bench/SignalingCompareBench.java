package io.podster.signaling.bench;

import static io.podster.signaling.SignalingFixture.newRoom;

import io.podster.Browser;
import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Podster (two clustered nodes, each the packaged jar in its own JVM) against the reference Socket.IO server
 * ({@code scripts/bench/socketio/server.js}, a Node process) under the same load generator: after a
 * warm-up, relay at a light load (latency), then at saturation (messages/s), fan-out in rooms of 8
 * (deliveries/s). Each measure waits for the server to deliver what it holds before the next.
 * Run by {@code scripts/bench/signaling}; prints {@code BENCH} lines and a {@code TABLE}.
 */
@EnabledIfSystemProperty(named = "podster.bench", matches = "true")
class SignalingCompareBench {
  static final int RATE = Integer.getInteger("bench.rate", 40);
  static final int WINDOW = Integer.getInteger("bench.window", 20);
  static final int LIGHT_PAIRS = Integer.getInteger("bench.lightPairs", 50);
  /**
   * The open-loop load, under the per-socket limit: 400 pairs, each socket sending 40
   * candidate-sized signals a second (32k/s offered), where CPU per relayed signal is compared.
   */
  static final int OPEN_PAIRS = Integer.getInteger("bench.openPairs", 400);
  // "max" must offer more than either server delivers (sockets × rate, the rate capped by Podster's
  // 50/s per socket): with 1500 pairs (120k/s) and 100 rooms (224k/s) Socket.IO's fan-out already
  // delivered all that was offered, so no ratio above ~1.2× and ~1× could ever be shown.
  static final int PAIRS = Integer.getInteger("bench.pairs", 3000);
  static final int ROOMS = Integer.getInteger("bench.rooms", 300);
  static final int ROOM_SIZE = 8;
  static final int WARMUP = Integer.getInteger("bench.warmup", 3);
  static final int SECONDS = Integer.getInteger("bench.seconds", 5);
  /**
   * Light measures run longer: one young-collection pause (15-60 ms on 2 cores) delays about 1% of
   * 5 s of messages, so a 5 s p99 showed whether a pause fell in the window, not the usual tail.
   */
  static final int LIGHT_SECONDS = Integer.getInteger("bench.lightSeconds", 20);
  /**
   * Load before the first measure, printed but not compared: the servers are fresh processes and
   * their JIT compilers took half of each node's CPU for the first half-minute of load.
   */
  static final int SERVER_WARMUP = Integer.getInteger("bench.serverWarmup", 30);

  private GeneratorCpu cpu;

  @Test
  void compare() throws Exception {
    // One event loop per core: more only woke more threads for the same messages.
    Vertx clients = Vertx.vertx(new io.vertx.core.VertxOptions().setEventLoopPoolSize(Runtime.getRuntime().availableProcessors()));
    cpu = new GeneratorCpu(clients);
    String only = System.getProperty("bench.only", "");
    Map<String, Load.Result> sio = only.equals("podster") ? new HashMap<>() : socketIo(clients);
    Map<String, Load.Result> podster = only.equals("socketio") ? new HashMap<>() : podster(clients);
    if (!only.isEmpty() || !System.getProperty("bench.measures", "").isEmpty()) {
      return;
    }
    clients.close().await(10, TimeUnit.SECONDS);
    System.out.println("TABLE | measure                         | Podster            | Socket.IO          | Podster/Socket.IO");
    row("relay light, same node", podster.get("relay light 1 node"), sio.get("relay light"));
    row("relay light, cross-node", podster.get("relay light 2 nodes"), sio.get("relay light"));
    row("relay max, same node", podster.get("relay max 1 node"), sio.get("relay max"));
    row("relay max, cross-node", podster.get("relay max 2 nodes"), sio.get("relay max"));
    row("fan-out rooms of 8, same node", podster.get("fanout 1 node"), sio.get("fanout"));
    row("fan-out rooms of 8, 4+4 nodes", podster.get("fanout 2 nodes"), sio.get("fanout"));
    // Generator and servers share this machine's cores: where the CPU went during each measure.
    System.out.println("TABLE | CPU (cores) while measuring     | Podster gen + server | Socket.IO gen + server | deliveries per server CPU-second: Podster vs Socket.IO");
    cpuRow("relay max, same node", podster.get("relay max 1 node"), sio.get("relay max"));
    cpuRow("relay max, cross-node", podster.get("relay max 2 nodes"), sio.get("relay max"));
    cpuRow("fan-out rooms of 8, same node", podster.get("fanout 1 node"), sio.get("fanout"));
    cpuRow("fan-out rooms of 8, 4+4 nodes", podster.get("fanout 2 nodes"), sio.get("fanout"));
    relayBudget(sio.get("relay max"), podster.get("relay max 1 node"), podster.get("relay max 2 nodes"));
    openLoop(sio.get("relay open"), podster.get("relay open 1 node"), podster.get("relay open 2 nodes"));
  }

  /**
   * The goal of issue 18: under the open-loop load, the node's CPU per relayed signal (read from
   * /proc, both nodes' summed across nodes) at most half of Socket.IO's, same-node p99 ≤ 5 ms, and
   * cross-node no more CPU per signal than Socket.IO's same-node relay.
   */
  private static void openLoop(Load.Result s, Load.Result same, Load.Result cross) {
    System.out.printf(
        "TABLE | open loop, %d pairs × %d/s, deflate %s | CPU µs per signal: Podster %.1f same node (%.2f× Socket.IO, goal ≤ 0.5×),"
            + " %.1f cross-node (%.2f×, goal ≤ 1×), Socket.IO %.1f | delivered %.0f / %.0f / %.0f per s | p99 %.2f / %.2f / %.2f ms"
            + " (goal same node ≤ 5)%n",
        OPEN_PAIRS,
        RATE,
        Wire.OFFER_DEFLATE ? "offered" : "not offered",
        micros(same.serverCores(), same),
        micros(same.serverCores(), same) / micros(s.serverCores(), s),
        micros(cross.serverCores(), cross),
        micros(cross.serverCores(), cross) / micros(s.serverCores(), s),
        micros(s.serverCores(), s),
        same.deliveredPerSecond(),
        cross.deliveredPerSecond(),
        s.deliveredPerSecond(),
        same.p99(),
        cross.p99(),
        s.p99());
  }

  /**
   * What 2× Socket.IO's relay would leave the server on this machine: the generator shares the
   * cores, and its own CPU per message is measured, so the rest is all a server could have.
   */
  private static void relayBudget(Load.Result s, Load.Result sameNode, Load.Result crossNode) {
    int cores = Runtime.getRuntime().availableProcessors();
    double generator = micros(s.generatorCores(), s);
    double budget = cores * 1e6 / (2 * s.deliveredPerSecond()) - generator;
    System.out.printf(
        "TABLE | relay 2× budget on %d cores: the generator alone costs %.1f µs per message, so 2× Socket.IO (%.0f/s) leaves the"
            + " server %.1f µs of CPU per message even with every core busy; used: Podster %.1f (same node), %.1f (cross-node),"
            + " Socket.IO %.1f%n",
        cores,
        generator,
        2 * s.deliveredPerSecond(),
        budget,
        micros(sameNode.serverCores(), sameNode),
        micros(crossNode.serverCores(), crossNode),
        micros(s.serverCores(), s));
  }

  /** Microseconds of {@code cores} per message delivered. */
  private static double micros(double cores, Load.Result r) {
    return cores * 1e6 / Math.max(1, r.deliveredPerSecond());
  }

  private static void cpuRow(String what, Load.Result p, Load.Result s) {
    System.out.printf(
        "TABLE | %-31s | %.2f + %.2f          | %.2f + %.2f            | %7.0f vs %7.0f = %.2f×%n",
        what,
        p.generatorCores(),
        p.serverCores(),
        s.generatorCores(),
        s.serverCores(),
        perCore(p),
        perCore(s),
        perCore(p) / perCore(s));
  }

  /** What the server delivers per second of its own CPU: comparable when other work shares the cores. */
  private static double perCore(Load.Result r) {
    return r.deliveredPerSecond() / Math.max(0.01, r.serverCores());
  }

  private static void row(String what, Load.Result p, Load.Result s) {
    System.out.printf(
        "TABLE | %-31s | %7.0f/s p99 %5.2f | %7.0f/s p99 %5.2f | %.2f× msgs/s, p50 %.2f vs %.2f ms%n",
        what, p.deliveredPerSecond(), p.p99(), s.deliveredPerSecond(), s.p99(), p.deliveredPerSecond() / s.deliveredPerSecond(), p.p50(), s.p50());
  }

  private Map<String, Load.Result> socketIo(Vertx clients) throws Exception {
    Path dir = Path.of(System.getProperty("bench.socketio", "../scripts/bench/socketio")).toAbsolutePath();
    Process node = new ProcessBuilder("node", dir.resolve("server.js").toString(), "0").redirectErrorStream(true).start();
    Map<String, Load.Result> out = new HashMap<>();
    try {
      BufferedReader r = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
      String line = r.readLine();
      if (line == null || !line.startsWith("LISTENING ")) {
        throw new IllegalStateException("socket.io server: " + line);
      }
      int port = Integer.parseInt(line.substring(10).trim());
      Load load = new Load(clients, new Wire.SocketIo(clients), cpu, GeneratorCpu.of(node));
      List<String> rooms = new ArrayList<>();
      for (int i = 0; i < Math.max(PAIRS, ROOMS); i++) {
        rooms.add("room-" + i);
      }
      List<LoadPeer> pairs = pairs(load, rooms, PAIRS, port, port);
      load.relay("warm-up relay", pairs, RATE, WINDOW, 0, SERVER_WARMUP);
      put(out, load.relay("relay light", pairs.subList(0, 2 * LIGHT_PAIRS), RATE, WINDOW, WARMUP, LIGHT_SECONDS));
      put(out, load.relay("relay open", pairs.subList(0, 2 * OPEN_PAIRS), RATE, WINDOW, WARMUP, LIGHT_SECONDS));
      put(out, load.relay("relay max", pairs, RATE, WINDOW, WARMUP, SECONDS));
      load.close(pairs);
      List<LoadPeer> fan = load.connect(ROOMS * ROOM_SIZE, i -> port);
      load.join(fan, rooms, i -> i / ROOM_SIZE);
      load.fanout("warm-up fanout", fan, ROOM_SIZE, RATE, WINDOW, 0, SERVER_WARMUP / 3);
      put(out, load.fanout("fanout", fan, ROOM_SIZE, RATE, WINDOW, WARMUP, SECONDS));
      load.close(fan);
    } finally {
      node.destroy();
      node.waitFor(5, TimeUnit.SECONDS);
    }
    return out;
  }

  private Map<String, Load.Result> podster(Vertx clients) throws Exception {
    Map<String, Load.Result> out = new HashMap<>();
    try (JarCluster cluster = JarCluster.start()) {
      int p1 = cluster.portA;
      int p2 = cluster.portB;
      Browser h = cluster.host(clients);
      List<String> rooms = new ArrayList<>();
      for (int i = 0; i < Math.max(PAIRS, ROOMS); i++) {
        rooms.add(newRoom(h).getString("id"));
      }
      Load load = new Load(clients, new Wire.Podster(clients, h.cookie("podster_session"), cluster.publicUrl), cpu, cluster.cpu());
      List<LoadPeer> cross = pairs(load, rooms, PAIRS, p1, p2);
      load.relay("warm-up relay 2 nodes", cross, RATE, WINDOW, 0, SERVER_WARMUP);
      put(out, load.relay("relay light 2 nodes", cross.subList(0, 2 * LIGHT_PAIRS), RATE, WINDOW, WARMUP, LIGHT_SECONDS));
      put(out, load.relay("relay open 2 nodes", cross.subList(0, 2 * OPEN_PAIRS), RATE, WINDOW, WARMUP, LIGHT_SECONDS));
      put(out, load.relay("relay max 2 nodes", cross, RATE, WINDOW, WARMUP, SECONDS));
      load.close(cross);
      List<LoadPeer> local = pairs(load, rooms, PAIRS, p1, p1);
      put(out, load.relay("relay light 1 node", local.subList(0, 2 * LIGHT_PAIRS), RATE, WINDOW, WARMUP, LIGHT_SECONDS));
      put(out, load.relay("relay open 1 node", local.subList(0, 2 * OPEN_PAIRS), RATE, WINDOW, WARMUP, LIGHT_SECONDS));
      put(out, load.relay("relay max 1 node", local, RATE, WINDOW, WARMUP, SECONDS));
      load.close(local);
      List<LoadPeer> fan = load.connect(ROOMS * ROOM_SIZE, i -> p1);
      load.join(fan, rooms, i -> i / ROOM_SIZE);
      load.fanout("warm-up fanout", fan, ROOM_SIZE, RATE, WINDOW, 0, SERVER_WARMUP / 3);
      put(out, load.fanout("fanout 1 node", fan, ROOM_SIZE, RATE, WINDOW, WARMUP, SECONDS));
      load.close(fan);
      List<LoadPeer> fan2 = load.connect(ROOMS * ROOM_SIZE, i -> i % 2 == 0 ? p1 : p2);
      load.join(fan2, rooms, i -> i / ROOM_SIZE);
      put(out, load.fanout("fanout 2 nodes", fan2, ROOM_SIZE, RATE, WINDOW, WARMUP, SECONDS));
      load.close(fan2);
      Thread.sleep(1000);
    }
    return out;
  }

  /** {@code count} pairs, pair i in room i: the first of each pair on {@code portA}, the second on {@code portB}. */
  private static List<LoadPeer> pairs(Load load, List<String> rooms, int count, int portA, int portB) throws Exception {
    List<LoadPeer> peers = load.connect(2 * count, i -> i % 2 == 0 ? portA : portB);
    load.join(peers, rooms, i -> i / 2);
    for (int i = 0; i < peers.size(); i += 2) {
      peers.get(i).partner = peers.get(i + 1);
      peers.get(i + 1).partner = peers.get(i);
    }
    return peers;
  }

  private static void put(Map<String, Load.Result> out, Load.Result r) {
    out.put(r.name(), r);
  }
}
