package io.tern.bench.noisy;

import io.tern.bench.ingest.DeviceFleet;
import io.tern.bench.ingest.FleetTotals;
import io.tern.bench.ingest.GatewayTarget;
import io.tern.bench.ingest.LatencyRecorder;
import io.tern.bench.ingest.Percentiles;
import io.tern.bench.ingest.WorkDirs;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.HdrHistogram.Histogram;

/**
 * One run of the noisy-neighbour benchmark against one gateway. The well-behaved fleet publishes
 * throughout: first a start warm-up (JIT), then {@code cycles} cycles of two measured segments, one
 * without the flooder (A) and one with it (B, measured from the flooder's start), in the order A B,
 * B A, A B, ... (so that a steady drift weighs on both alike), each followed by a short unmeasured
 * gap. Latencies of all A segments and of all B segments are pooled; the A segments of odd and of
 * even cycles are also pooled apart, as a measure of the noise between equal conditions. Then the
 * fleet stops, every batch is answered, and the readings are checked against the status API.
 *
 * <p>The flooder connects once; between B segments it stays connected (or, once the gateway has
 * disconnected it, reconnects on its own whenever the gateway lets it) without publishing.
 *
 * <p>Threading: the control thread only (it reads the latency recorder's intervals).
 */
final class NoisyRun {
  /**
   * @param devices well-behaved devices
   * @param batchesPerSecond batches each of them publishes per second
   * @param readingsPerBatch readings per batch
   * @param inflight unacknowledged batches per well-behaved device
   * @param floodWindow unacknowledged messages of the flooder
   * @param floodInOwnJvm whether the flooder runs in a JVM of its own ({@link FloodProcess}) or in
   *     this one ({@link Flooder})
   * @param startWarmup load before the first segment, after the gateway's start (JIT)
   * @param cycles pairs of segments (one A, one B)
   * @param segment each measured segment
   * @param gap unmeasured load after each segment (the flood's aftermath is not counted as A)
   * @param progressEvery period of progress lines
   * @param drainTimeout longest wait at the end for PUBACKs and the pipeline
   * @param seed seeds the devices and the flooder
   */
  record Plan(
      int devices,
      int batchesPerSecond,
      int readingsPerBatch,
      int inflight,
      int floodWindow,
      boolean floodInOwnJvm,
      Duration startWarmup,
      int cycles,
      Duration segment,
      Duration gap,
      Duration progressEvery,
      Duration drainTimeout,
      long seed) {

    long readingsPerSecond() {
      return (long) devices * batchesPerSecond * readingsPerBatch;
    }
  }

  /**
   * What the run found.
   *
   * @param phases pooled: A, B, A of odd cycles, A of even cycles
   * @param segments each measured segment, in order
   */
  record Outcome(
      List<PhaseResult> phases,
      List<PhaseResult> segments,
      FloodCounts flood,
      ArrivalCheck arrival) {}

  static final int MAX_VICTIMS = 8;
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(60);
  private static final long SAMPLE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final PrintWriter out;
  private final Plan plan;
  private final LatencyRecorder acks = new LatencyRecorder();

  NoisyRun(PrintWriter out, Plan plan) {
    this.out = out;
    this.plan = plan;
  }

  Outcome run() throws IOException, InterruptedException {
    try (GatewayTarget gateway = GatewayTarget.start(WorkDirs.create("tern-bench-noisy"))) {
      say(
          "gateway: %s, MQTT port %d, HTTP port %d",
          gateway.description(), gateway.mqttPort(), gateway.httpPort());
      DeviceFleet.Settings settings =
          new DeviceFleet.Settings(
              plan.devices(),
              plan.readingsPerBatch(),
              plan.inflight(),
              plan.readingsPerSecond(),
              plan.seed());
      try (DeviceFleet fleet =
          DeviceFleet.connect(gateway.mqttPort(), settings, acks, CONNECT_TIMEOUT)) {
        say("%,d well-behaved devices connected", plan.devices());
        fleet.start();
        new Progress("W", fleet, null).run("warm-up", plan.startWarmup(), null);
        List<Segment> segments = new ArrayList<>();
        FloodCounts flood;
        List<String> victims = fleet.deviceIds().subList(0, Math.min(MAX_VICTIMS, plan.devices()));
        try (FloodControl flooder = connectFlooder(gateway.mqttPort(), victims)) {
          for (int cycle = 1; cycle <= plan.cycles(); cycle++) {
            boolean floodFirst = cycle % 2 == 0;
            segments.add(segment(NoisyReport.BASELINE, cycle, fleet, floodFirst ? flooder : null));
            segments.add(segment(NoisyReport.BASELINE, cycle, fleet, floodFirst ? null : flooder));
          }
          flood = flooder.counts();
        }
        say("flooder closed");
        fleet.stopSending();
        boolean drained = drain(fleet, gateway);
        say(drained ? "drained" : "drain timed out after %s", plan.drainTimeout());
        StatusApi api = new StatusApi(gateway.httpPort());
        ArrivalCheck arrival =
            ArrivalCheck.of(
                fleet.readingsSentByDevice(), fleet.totals(), api.readings(), api.devices());
        return new Outcome(
            pooled(segments), segments.stream().map(Segment::result).toList(), flood, arrival);
      }
    }
  }

  private FloodControl connectFlooder(int port, List<String> victims) {
    if (!plan.floodInOwnJvm()) {
      Flooder flooder =
          Flooder.connect(port, plan.floodWindow(), victims, plan.seed(), CONNECT_TIMEOUT);
      say(
          "flooder '%s' connected from this JVM (idle until the first B segment)",
          Flooder.CLIENT_ID);
      return flooder;
    }
    FloodProcess flooder =
        FloodProcess.start(port, plan.floodWindow(), victims, plan.seed(), CONNECT_TIMEOUT);
    say(
        "flooder '%s' connected from its own JVM, pid %d (idle until the first B segment)",
        Flooder.CLIENT_ID, flooder.pid());
    return flooder;
  }

  /** One measured segment, with its latencies (to pool). */
  private record Segment(PhaseResult result, Histogram latency, int cycle) {
    boolean flooded() {
      return result.name().startsWith(NoisyReport.FLOOD);
    }
  }

  /** A, B, A of odd cycles, A of even cycles. */
  private static List<PhaseResult> pooled(List<Segment> segments) {
    return List.of(
        pool(NoisyReport.BASELINE, "no flood", segments, s -> !s.flooded()),
        pool(NoisyReport.FLOOD, "flood", segments, Segment::flooded),
        pool(
            NoisyReport.NOISE_ODD,
            "no flood, odd cycles",
            segments,
            s -> !s.flooded() && s.cycle() % 2 == 1),
        pool(
            NoisyReport.NOISE_EVEN,
            "no flood, even cycles",
            segments,
            s -> !s.flooded() && s.cycle() % 2 == 0));
  }

  private static PhaseResult pool(
      String name, String description, List<Segment> segments, Predicate<Segment> which) {
    Histogram latency = LatencyRecorder.emptyHistogram();
    double seconds = 0;
    long batches = 0;
    long readings = 0;
    long refused = 0;
    long errors = 0;
    long maxBacklog = 0;
    FloodCounts flood = FloodCounts.none();
    for (Segment segment : segments) {
      if (!which.test(segment)) {
        continue;
      }
      PhaseResult r = segment.result();
      latency.add(segment.latency());
      seconds += r.seconds();
      batches += r.batchesAcked();
      readings += r.readingsAcked();
      refused += r.refused();
      errors += r.errors();
      maxBacklog = Math.max(maxBacklog, r.maxBacklog());
      flood = FloodCounts.sum(flood, r.flood());
    }
    return new PhaseResult(
        name,
        description,
        seconds,
        batches,
        readings,
        refused,
        errors,
        Percentiles.of(latency),
        maxBacklog,
        flood);
  }

  /**
   * One measured segment (with the flooder publishing if {@code flooder} is not null, from the
   * segment's start), then the unmeasured gap.
   */
  private Segment segment(String baseName, int cycle, DeviceFleet fleet, FloodControl flooder) {
    String name = (flooder == null ? baseName : NoisyReport.FLOOD) + cycle;
    Progress progress = new Progress(name, fleet, flooder);
    acks.interval(); // the gap's values
    progress.restart();
    FleetTotals before = fleet.totals();
    FloodCounts floodBefore = flooder == null ? FloodCounts.none() : flooder.counts();
    long start = System.nanoTime();
    if (flooder != null) {
      flooder.start();
    }
    Histogram latency = LatencyRecorder.emptyHistogram();
    progress.run("measure", plan.segment(), latency);
    latency.add(acks.interval());
    FleetTotals after = fleet.totals();
    double seconds = (System.nanoTime() - start) / 1e9;
    if (flooder != null) {
      flooder.stop();
    }
    FloodCounts floodAfter = flooder == null ? FloodCounts.none() : flooder.counts();
    PhaseResult result =
        new PhaseResult(
            name,
            flooder == null ? "no flood" : "flood",
            seconds,
            after.messagesAcked() - before.messagesAcked(),
            after.readingsAcked() - before.readingsAcked(),
            after.refused() - before.refused(),
            after.errors() - before.errors(),
            Percentiles.of(latency),
            progress.maxBacklog,
            FloodCounts.difference(floodAfter, floodBefore));
    progress.run("gap", plan.gap(), null);
    return new Segment(result, latency, cycle);
  }

  /** Waits until every batch is answered and the pipeline has processed every acked reading. */
  private boolean drain(DeviceFleet fleet, GatewayTarget gateway) throws InterruptedException {
    long end = System.nanoTime() + plan.drainTimeout().toNanos();
    while (true) {
      FleetTotals totals = fleet.totals();
      if (totals.inflight() == 0
          && totals.backlog() == 0
          && gateway.deliveredReadings() >= totals.readingsAcked()) {
        return true;
      }
      if (System.nanoTime() >= end) {
        return false;
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  private void say(String format, Object... args) {
    out.printf("[noisy] " + format + "%n", args);
    out.flush();
  }

  /** Progress lines of one phase: rates and latency since the previous line. */
  private final class Progress {
    private final String phase;
    private final DeviceFleet fleet;
    private final FloodControl flooder;
    private FleetTotals last;
    private long lastFlood;
    private long lastNanos = System.nanoTime();
    long maxBacklog;

    Progress(String phase, DeviceFleet fleet, FloodControl flooder) {
      this.phase = phase;
      this.fleet = fleet;
      this.flooder = flooder;
      this.last = fleet.totals();
      this.lastFlood = flooder == null ? 0 : flooder.counts().completed();
    }

    /** The measured interval starts: rates, latencies and the backlog count from now. */
    void restart() {
      last = fleet.totals();
      lastFlood = flooder == null ? 0 : flooder.counts().completed();
      lastNanos = System.nanoTime();
      maxBacklog = 0;
    }

    /** Runs for {@code length}; interval latencies go into {@code keep} (if not null). */
    void run(String step, Duration length, Histogram keep) {
      long end = System.nanoTime() + length.toNanos();
      while (sample(step, end, keep)) {
        // sampling until the end
      }
    }

    /**
     * Sleeps up to 100 ms (not past {@code end}), notes the backlog and prints a progress line when
     * one is due.
     *
     * @return false once {@code end} is reached (the caller takes the last latency interval)
     */
    private boolean sample(String step, long end, Histogram keep) {
      long left = end - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      sleepNanos(Math.min(SAMPLE_NANOS, left));
      maxBacklog = Math.max(maxBacklog, fleet.totals().backlog());
      long now = System.nanoTime();
      if (now >= end) {
        return false;
      }
      if (now - lastNanos >= plan.progressEvery().toNanos()) {
        Histogram interval = acks.interval();
        if (keep != null) {
          keep.add(interval);
        }
        line(step, interval);
      }
      return true;
    }

    private void line(String step, Histogram interval) {
      long now = System.nanoTime();
      double seconds = (now - lastNanos) / 1e9;
      FleetTotals totals = fleet.totals();
      long flood = flooder == null ? 0 : flooder.counts().completed();
      out.printf(
          "  %-2s %-7s acked %,8.0f rd/s  PUBACK p50 %s p99 %s ms  in-flight %,d  backlog %,d"
              + "  refused %,d  errors %,d  flood %,.0f msg/s answered%n",
          phase,
          step,
          (totals.readingsAcked() - last.readingsAcked()) / seconds,
          Percentiles.ms(interval.getValueAtPercentile(50) / 1e6),
          Percentiles.ms(interval.getValueAtPercentile(99) / 1e6),
          totals.inflight(),
          totals.backlog(),
          totals.refused(),
          totals.errors(),
          (flood - lastFlood) / seconds);
      out.flush();
      last = totals;
      lastFlood = flood;
      lastNanos = now;
    }
  }

  private static void sleepNanos(long nanos) {
    try {
      TimeUnit.NANOSECONDS.sleep(nanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("benchmark interrupted", e);
    }
  }
}
