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
import org.HdrHistogram.Histogram;

/**
 * One run of the noisy-neighbour benchmark against one gateway: the well-behaved fleet publishes
 * throughout; phase A without the flooder, phase B with it, optionally phase A2 without it again;
 * each phase has its own warm-up (after the flooder starts or stops) and measured interval. Then
 * the fleet stops, every batch is answered, and the readings are checked against the status API.
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
   * @param warmup before each measured interval
   * @param measure each measured interval
   * @param repeatBaseline whether to run phase A2 after the flood
   * @param settleTimeout longest warm-up of a phase without flood: it lasts until no batch has been
   *     behind schedule for {@code warmup}
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
      Duration warmup,
      Duration measure,
      boolean repeatBaseline,
      Duration settleTimeout,
      Duration progressEvery,
      Duration drainTimeout,
      long seed) {

    long readingsPerSecond() {
      return (long) devices * batchesPerSecond * readingsPerBatch;
    }
  }

  /** What the run found. */
  record Outcome(List<PhaseResult> phases, FloodCounts flood, ArrivalCheck arrival) {}

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
        List<PhaseResult> phases = new ArrayList<>();
        phases.add(phase(NoisyReport.BASELINE, "no flood", fleet, null));
        FloodCounts flood;
        List<String> victims = fleet.deviceIds().subList(0, Math.min(MAX_VICTIMS, plan.devices()));
        try (Flooder flooder =
            Flooder.connect(
                gateway.mqttPort(), plan.floodWindow(), victims, plan.seed(), CONNECT_TIMEOUT)) {
          say("flooder '%s' connected; flooding", Flooder.CLIENT_ID);
          flooder.start();
          phases.add(phase(NoisyReport.FLOOD, "flood", fleet, flooder));
          flooder.stop();
          flood = flooder.counts();
        }
        say("flooder stopped");
        if (plan.repeatBaseline()) {
          phases.add(phase(NoisyReport.BASELINE_AGAIN, "no flood again", fleet, null));
        }
        fleet.stopSending();
        boolean drained = drain(fleet, gateway);
        say(drained ? "drained" : "drain timed out after %s", plan.drainTimeout());
        StatusApi api = new StatusApi(gateway.httpPort());
        ArrivalCheck arrival =
            ArrivalCheck.of(
                fleet.readingsSentByDevice(), fleet.totals(), api.readings(), api.devices());
        return new Outcome(phases, flood, arrival);
      }
    }
  }

  /**
   * Warm-up, then the measured interval, with progress lines. Without a flooder the warm-up lasts
   * until no batch has been behind schedule for {@code warmup} (the gateway has caught up after its
   * start or after the flood), at most {@code settleTimeout}.
   */
  private PhaseResult phase(String name, String description, DeviceFleet fleet, Flooder flooder) {
    Progress progress = new Progress(name, fleet, flooder);
    if (flooder == null) {
      if (!progress.settle(plan.warmup(), plan.settleTimeout())) {
        say(
            "%s: still behind schedule after %s s of warm-up; measuring anyway",
            name, plan.settleTimeout().toSeconds());
      }
    } else {
      progress.run("warm-up", plan.warmup(), null);
    }
    acks.interval(); // the warm-up's values
    progress.restart();
    FleetTotals before = fleet.totals();
    FloodCounts floodBefore = flooder == null ? FloodCounts.none() : flooder.counts();
    long start = System.nanoTime();
    Histogram latency = LatencyRecorder.emptyHistogram();
    progress.run("measure", plan.measure(), latency);
    latency.add(acks.interval());
    FleetTotals after = fleet.totals();
    FloodCounts floodAfter = flooder == null ? FloodCounts.none() : flooder.counts();
    double seconds = (System.nanoTime() - start) / 1e9;
    return new PhaseResult(
        name,
        description,
        seconds,
        after.messagesAcked() - before.messagesAcked(),
        after.readingsAcked() - before.readingsAcked(),
        after.refused() - before.refused(),
        after.errors() - before.errors(),
        Percentiles.of(latency),
        progress.maxBacklog,
        FloodCounts.difference(floodAfter, floodBefore));
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
    private final Flooder flooder;
    private FleetTotals last;
    private long lastFlood;
    private long lastNanos = System.nanoTime();
    long maxBacklog;

    Progress(String phase, DeviceFleet fleet, Flooder flooder) {
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
     * Runs until no batch has been behind schedule for {@code calm}, at most {@code timeout}.
     *
     * @return whether it got there
     */
    boolean settle(Duration calm, Duration timeout) {
      long end = System.nanoTime() + timeout.toNanos();
      long calmSince = System.nanoTime();
      while (System.nanoTime() - calmSince < calm.toNanos()) {
        if (!sample("warm-up", end, null)) {
          return false;
        }
        if (fleet.totals().backlog() > 0) {
          calmSince = System.nanoTime();
        }
      }
      return true;
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
