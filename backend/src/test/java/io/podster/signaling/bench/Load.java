package io.podster.signaling.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;

/**
 * Drives one server through a {@link Wire}: relay (pairs, each side signalling its partner) and
 * fan-out (rooms of peers sending state). Every sender sends at a fixed rate under Podster's
 * per-socket limit but keeps at most {@code window} messages undelivered, so an overloaded server
 * is measured at what it delivers instead of drowning in queues. Latency is one-way: sender and
 * receiver share this JVM's {@code System.nanoTime()}.
 */
final class Load implements Wire.Sink {
  record Result(
      String name,
      int sockets,
      double offeredPerSecond,
      double deliveredPerSecond,
      double p50,
      double p99,
      double generatorCores,
      double serverCores) {}

  private final Vertx vertx;
  private final Wire wire;
  private final Latency latency = new Latency();
  private final AtomicLong received = new AtomicLong();
  private final AtomicBoolean measuring = new AtomicBoolean();
  private final Map<String, LoadPeer> byId = new ConcurrentHashMap<>();

  private final GeneratorCpu cpu;
  private final java.util.function.LongSupplier serverCpu;

  /** {@code serverCpu}: CPU nanoseconds used so far by the server under test (see {@link GeneratorCpu}). */
  Load(Vertx vertx, Wire wire, GeneratorCpu cpu, java.util.function.LongSupplier serverCpu) {
    this.vertx = vertx;
    this.wire = wire;
    this.cpu = cpu;
    this.serverCpu = serverCpu;
    wire.sink = this;
  }

  @Override
  public void signal(LoadPeer to, long sentNanos) {
    long now = System.nanoTime();
    to.partner.delivered.incrementAndGet();
    if (measuring.get()) {
      received.incrementAndGet();
      latency.record(now - sentNanos);
    }
  }

  /**
   * A room mate's {@code state}. Neither server's {@code peer-state} carries a timestamp, but both
   * keep one sender's messages in order: the n-th this receiver gets from {@code from} is the n-th
   * {@code from} sent, whose send time {@code from} kept.
   */
  @Override
  public void state(LoadPeer to, String fromId) {
    long now = System.nanoTime();
    LoadPeer from = byId.get(fromId);
    if (from == null) {
      return;
    }
    from.delivered.incrementAndGet();
    long n = to.receivedFrom.merge(fromId, 1L, Long::sum);
    if (measuring.get()) {
      received.incrementAndGet();
      long sentAt = from.sentAt(n);
      if (sentAt != 0 && now >= sentAt) {
        latency.record(now - sentAt);
      }
    }
  }

  /** Opens {@code count} sockets, the i-th to {@code port.applyAsInt(i)}, a bounded number at a time. */
  List<LoadPeer> connect(int count, IntUnaryOperator port) throws Exception {
    List<LoadPeer> out = new ArrayList<>();
    for (int start = 0; start < count; start += 100) {
      List<Future<LoadPeer>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(count, start + 100); i++) {
        batch.add(wire.connect(port.applyAsInt(i)));
      }
      Future.all(batch).await(60, TimeUnit.SECONDS);
      batch.forEach(f -> out.add(f.result()));
    }
    return out;
  }

  /** Joins peer i to room {@code rooms.get(roomOf(i))}, a bounded number at a time. */
  void join(List<LoadPeer> peers, List<String> rooms, IntUnaryOperator roomOf) throws Exception {
    for (int start = 0; start < peers.size(); start += 50) {
      List<Future<Void>> batch = new ArrayList<>();
      for (int i = start; i < Math.min(peers.size(), start + 50); i++) {
        batch.add(wire.join(peers.get(i), rooms.get(roomOf.applyAsInt(i))));
      }
      Future.all(batch).await(60, TimeUnit.SECONDS);
    }
    peers.forEach(p -> byId.put(p.id, p));
  }

  /** Each peer of the list signals its partner {@code rate} times a second. */
  Result relay(String name, List<LoadPeer> senders, int rate, int window, int warmupSeconds, int seconds) throws Exception {
    return run(
        name,
        senders,
        rate,
        seconds,
        warmupSeconds,
        p -> {
          if (p.sent.get() - p.delivered.get() < window) {
            p.sent.incrementAndGet();
            p.ws.writeTextMessage(wire.signal(p.partner.id, System.nanoTime()));
          }
        },
        1);
  }

  /** Each peer sends {@code state} {@code rate} times a second to its room of {@code roomSize}. */
  Result fanout(String name, List<LoadPeer> peers, int roomSize, int rate, int window, int warmupSeconds, int seconds)
      throws Exception {
    int others = roomSize - 1;
    return run(
        name,
        peers,
        rate,
        seconds,
        warmupSeconds,
        p -> {
          if (p.sent.get() - p.delivered.get() / others < window) {
            long n = p.sent.get() + 1;
            p.markSent(n, System.nanoTime());
            p.sent.set(n);
            p.ws.writeTextMessage(wire.state(n % 2 == 0));
          }
        },
        others);
  }

  private Result run(
      String name,
      List<LoadPeer> peers,
      int rate,
      int seconds,
      int warmupSeconds,
      java.util.function.Consumer<LoadPeer> tick,
      int copies)
      throws Exception {
    this.window = Integer.getInteger("bench.window", 20);
    long timer = vertx.setPeriodic(1000 / rate, id -> peers.forEach(tick));
    Thread.sleep(warmupSeconds * 1000L);
    latency.reset();
    received.set(0);
    long gen0 = cpu.generatorNanos();
    long server0 = serverCpu.getAsLong();
    long wall0 = System.nanoTime();
    measuring.set(true);
    Thread.sleep(seconds * 1000L);
    measuring.set(false);
    long got = received.get();
    double wall = System.nanoTime() - wall0;
    double genCores = (cpu.generatorNanos() - gen0) / wall;
    double serverCores = (serverCpu.getAsLong() - server0) / wall;
    vertx.cancelTimer(timer);
    Thread.sleep(1500);
    Result r =
        new Result(
            name,
            peers.size(),
            (double) peers.size() * rate * copies,
            (double) got / seconds,
            latency.millis(0.50),
            latency.millis(0.99),
            genCores,
            serverCores);
    Map<Short, Long> closed = new java.util.TreeMap<>();
    peers.stream().filter(p -> p.ws.isClosed()).forEach(p -> closed.merge(p.ws.closeStatusCode(), 1L, Long::sum));
    long stuck = peers.stream().filter(p -> p.sent.get() - p.delivered.get() / copies >= window(p, copies)).count();
    System.out.printf(
        "BENCH %-34s sockets=%d offered=%.0f/s delivered=%.0f/s one-way p50=%.2f ms p99=%.2f ms cpu generator=%.2f server=%.2f cores closed=%s stuck=%d%n",
        r.name(), r.sockets(), r.offeredPerSecond(), r.deliveredPerSecond(), r.p50(), r.p99(), genCores, serverCores, closed, stuck);
    return r;
  }

  private int window = Integer.MAX_VALUE;

  private int window(LoadPeer p, int copies) {
    return window;
  }

  void close(List<LoadPeer> peers) {
    peers.forEach(p -> p.ws.close());
  }
}
