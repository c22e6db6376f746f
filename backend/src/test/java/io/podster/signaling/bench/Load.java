package io.podster.signaling.bench;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntUnaryOperator;
import java.util.function.ToDoubleFunction;

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

  /**
   * Senders take turns in slots this long. Shorter woke the generator's loops so often that at a
   * light load it used more CPU than both servers together.
   */
  private static final int TICK_MS = 5;
  private static final int REPEAT = Integer.getInteger("bench.repeat", 3);
  private final Vertx vertx;
  private final Wire wire;
  private final Latency latency = new Latency();
  private final AtomicLong received = new AtomicLong();
  private final AtomicBoolean measuring = new AtomicBoolean();
  private final Map<String, LoadPeer> byId = new ConcurrentHashMap<>();

  private final GeneratorCpu cpu;
  private final java.util.function.LongSupplier serverCpu;
  /**
   * One context per generator event loop. Each socket is opened on one of them and that context's
   * own timer drives it, so every write is made on the socket's thread: written from a shared
   * timer, each one was a task handed to another thread and a wake-up.
   */
  private final List<ContextInternal> loops = new ArrayList<>();

  /** {@code serverCpu}: CPU nanoseconds used so far by the server under test (see {@link GeneratorCpu}). */
  Load(Vertx vertx, Wire wire, GeneratorCpu cpu, java.util.function.LongSupplier serverCpu) {
    this.vertx = vertx;
    this.wire = wire;
    this.cpu = cpu;
    this.serverCpu = serverCpu;
    wire.sink = this;
    for (int i = 0; i < cpu.threads(); i++) {
      loops.add(((VertxInternal) vertx).createEventLoopContext());
    }
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
        int loop = i % loops.size();
        int to = port.applyAsInt(i);
        Promise<LoadPeer> opened = Promise.promise();
        loops.get(loop).runOnContext(v -> wire.connect(to).onSuccess(p -> p.loop = loop).onComplete(opened));
        batch.add(opened.future());
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
    java.util.function.Consumer<LoadPeer> tick =
        p -> {
          if (p.sent.get() - p.delivered.get() < window) {
            p.sent.incrementAndGet();
            p.ws.writeTextMessage(wire.signal(p.partner.id, System.nanoTime()));
          }
        };
    return run(name, senders.size(), () -> runOnce(name, senders, rate, seconds, warmupSeconds, tick, 1));
  }

  /** Each peer sends {@code state} {@code rate} times a second to its room of {@code roomSize}. */
  Result fanout(String name, List<LoadPeer> peers, int roomSize, int rate, int window, int warmupSeconds, int seconds)
      throws Exception {
    int others = roomSize - 1;
    java.util.function.Consumer<LoadPeer> tick =
        p -> {
          if (p.sent.get() - p.delivered.get() / others < window) {
            long n = p.sent.get() + 1;
            p.markSent(n, System.nanoTime());
            p.sent.set(n);
            p.ws.writeTextMessage(wire.state(n % 2 == 0));
          }
        };
    return run(name, peers.size(), () -> runOnce(name, peers, rate, seconds, warmupSeconds, tick, others));
  }

  /**
   * Runs a measure {@code bench.repeat} times (warm-ups once) and reports each figure's median:
   * on a small shared machine one run of the same code varied by a factor of two.
   */
  private Result run(String name, int sockets, Callable<Result> once) throws Exception {
    String only = System.getProperty("bench.measures", "");
    if (!only.isEmpty() && !name.startsWith("warm-up") && !List.of(only.split(",")).contains(name.replace(' ', '_'))) {
      return new Result(name, sockets, 0, 0, 0, 0, 0, 0);
    }
    int times = name.startsWith("warm-up") ? 1 : REPEAT;
    List<Result> runs = new ArrayList<>();
    for (int i = 0; i < times; i++) {
      runs.add(once.call());
    }
    if (times == 1) {
      return runs.get(0);
    }
    Result m =
        new Result(
            name,
            sockets,
            runs.get(0).offeredPerSecond(),
            median(runs, Result::deliveredPerSecond),
            median(runs, Result::p50),
            median(runs, Result::p99),
            median(runs, Result::generatorCores),
            median(runs, Result::serverCores));
    System.out.printf(
        "BENCH %-34s median of %d: delivered=%.0f/s (%.0f–%.0f) p50=%.2f ms p99=%.2f ms (%.2f–%.2f) cpu generator=%.2f server=%.2f cores%n",
        name, times, m.deliveredPerSecond(), min(runs, Result::deliveredPerSecond), max(runs, Result::deliveredPerSecond),
        m.p50(), m.p99(), min(runs, Result::p99), max(runs, Result::p99), m.generatorCores(), m.serverCores());
    return m;
  }

  static double median(List<Result> runs, ToDoubleFunction<Result> figure) {
    double[] v = runs.stream().mapToDouble(figure).sorted().toArray();
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static double min(List<Result> runs, ToDoubleFunction<Result> figure) {
    return runs.stream().mapToDouble(figure).min().orElse(0);
  }

  private static double max(List<Result> runs, ToDoubleFunction<Result> figure) {
    return runs.stream().mapToDouble(figure).max().orElse(0);
  }

  private Result runOnce(
      String name,
      List<LoadPeer> peers,
      int rate,
      int seconds,
      int warmupSeconds,
      java.util.function.Consumer<LoadPeer> tick,
      int copies)
      throws Exception {
    List<Long> timers = new java.util.concurrent.CopyOnWriteArrayList<>();
    int slotCount = Math.max(1, 1000 / rate / TICK_MS);
    for (int k = 0; k < loops.size(); k++) {
      List<List<LoadPeer>> slots = slots(peers, k, slotCount);
      long start = System.nanoTime();
      long[] due = {0};
      loops.get(k)
          .runOnContext(
              v ->
                  timers.add(
                      vertx.setPeriodic(
                          TICK_MS,
                          id -> {
                            // A late timer catches up, so the offered rate holds whatever the jitter.
                            for (long now = (System.nanoTime() - start) / 1_000_000 / TICK_MS; due[0] <= now; due[0]++) {
                              slots.get((int) (due[0] % slotCount)).forEach(tick);
                            }
                          })));
    }
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
    timers.forEach(vertx::cancelTimer);
    // What an overloaded server still holds is delivered before the next measure starts: waited
    // for as long as it keeps coming (a fixed 30 s once left a backlog to the next measure).
    long drain0 = System.nanoTime();
    long lastProgress = drain0;
    for (long left = undelivered(peers, copies); left > 0 && System.nanoTime() - lastProgress < TimeUnit.SECONDS.toNanos(5); ) {
      Thread.sleep(50);
      long now = undelivered(peers, copies);
      if (now < left) {
        lastProgress = System.nanoTime();
      }
      left = now;
    }
    double drained = (System.nanoTime() - drain0) / 1e9;
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
    System.out.printf(
        "BENCH %-34s sockets=%d offered=%.0f/s delivered=%.0f/s one-way p50=%.2f ms p99=%.2f ms cpu generator=%.2f server=%.2f cores"
            + " closed=%s drained in %.1f s, lost %d%n",
        r.name(), r.sockets(), r.offeredPerSecond(), r.deliveredPerSecond(), r.p50(), r.p99(), genCores, serverCores, closed, drained,
        undelivered(peers, copies));
    return r;
  }

  /** Messages sent and not (yet) delivered: each relayed once, each state to {@code copies} room mates. */
  private static long undelivered(List<LoadPeer> peers, int copies) {
    long sum = 0;
    for (LoadPeer p : peers) {
      sum += Math.max(0, p.sent.get() * copies - p.delivered.get());
    }
    return sum;
  }

  /**
   * The peers on generator loop {@code loop}, in {@code count} groups sent one per tick:
   * independent clients are not synchronised, and a burst of every sender at once measured the
   * queue behind the burst instead of the server's latency.
   */
  private static List<List<LoadPeer>> slots(List<LoadPeer> peers, int loop, int count) {
    List<List<LoadPeer>> slots = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      slots.add(new ArrayList<>());
    }
    for (int i = 0; i < peers.size(); i++) {
      if (peers.get(i).loop == loop) {
        slots.get(i % count).add(peers.get(i));
      }
    }
    return slots;
  }

  /**
   * Hangs up as a person does. Podster peers leave first: a bare close keeps a peer for the resume
   * grace period (30 s), and the sweep of thousands of them then landed in a later measure.
   */
  void close(List<LoadPeer> peers) throws InterruptedException {
    String leave = wire.leaveFrame();
    for (LoadPeer p : peers) {
      if (leave != null) {
        p.ws.writeTextMessage(leave);
      }
      p.ws.close();
    }
    Thread.sleep(2000);
  }
}
