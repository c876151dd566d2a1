package io.tern.bench.ingest;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.HdrHistogram.Histogram;

/**
 * Runs the load against one side: connect the fleet, warm up, measure, drain, and report. Counters
 * are sampled at the boundaries of the measured interval; latency histograms keep only values
 * recorded inside it. Prints a progress line every {@code progressEvery}.
 *
 * <p>Threading: the control thread only (the one that reads the latency recorders' intervals).
 */
final class SideRunner {
  /**
   * @param warmup load before measuring
   * @param measure the measured interval
   * @param progressEvery period of progress lines
   * @param drainTimeout longest wait after the load for PUBACKs and deliveries to catch up
   */
  record Plan(Duration warmup, Duration measure, Duration progressEvery, Duration drainTimeout) {}

  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(120);

  private final PrintWriter out;
  private final Plan plan;
  private final DeviceFleet.Settings settings;

  SideRunner(PrintWriter out, Plan plan, DeviceFleet.Settings settings) {
    this.out = out;
    this.plan = plan;
    this.settings = settings;
  }

  /**
   * @param receiptLatency filled by the target's subscriber, or null if it has none
   * @param sendTimes publish times for the subscriber, or null
   * @param jfr where to dump a JFR recording of the measured interval, or null
   */
  SideResult run(
      IngestTarget target,
      LatencyRecorder ackLatency,
      LatencyRecorder receiptLatency,
      SendTimes sendTimes,
      Path jfr)
      throws IOException, ParseException {
    out.printf(
        "[%s] %s, MQTT port %d: connecting %,d devices...%n",
        target.label(), target.description(), target.mqttPort(), settings.devices());
    out.flush();
    long connectStart = System.nanoTime();
    try (DeviceFleet fleet =
        DeviceFleet.connect(target.mqttPort(), settings, ackLatency, sendTimes, CONNECT_TIMEOUT)) {
      out.printf(
          "[%s] connected in %.1f s; warm-up %s s, measure %s s%n",
          target.label(),
          (System.nanoTime() - connectStart) / 1e9,
          seconds(plan.warmup()),
          seconds(plan.measure()));
      Progress progress = new Progress(target, fleet, ackLatency);
      fleet.start();
      progress.phase("warm-up", plan.warmup(), null);
      ackLatency.interval(); // drop the warm-up's values
      if (receiptLatency != null) {
        receiptLatency.interval();
      }
      FleetTotals before = fleet.totals();
      long deliveredBefore = target.deliveredReadings();
      target.measureStarted();
      long start = System.nanoTime();
      Histogram acks = LatencyRecorder.emptyHistogram();
      Histogram receipts = LatencyRecorder.emptyHistogram();
      Recording recording = jfr == null ? null : startRecording();
      progress.phase("measure", plan.measure(), acks);
      acks.add(ackLatency.interval());
      if (receiptLatency != null) {
        receipts.add(receiptLatency.interval());
      }
      FleetTotals after = fleet.totals();
      long deliveredAfter = target.deliveredReadings();
      double seconds = (System.nanoTime() - start) / 1e9;
      target.measureEnded();
      if (recording != null) {
        recording.dump(jfr);
        recording.close();
        out.printf("[%s] JFR recording of the measured interval: %s%n", target.label(), jfr);
      }
      fleet.stopSending();
      boolean drained = progress.drain(plan.drainTimeout());
      if (drained) {
        target.drainDownstream(plan.drainTimeout());
      }
      FleetTotals end = fleet.totals();
      return new SideResult(
          target.label(),
          target.description(),
          seconds,
          after.messagesAcked() - before.messagesAcked(),
          after.readingsAcked() - before.readingsAcked(),
          deliveredAfter - deliveredBefore,
          Percentiles.of(acks),
          Percentiles.of(receipts),
          end.refused(),
          end.errors(),
          end.readingsAcked(),
          target.deliveredReadings(),
          drained,
          notes(target.notes(), fleet.refusalsByReason()));
    }
  }

  private static String notes(String targetNotes, String refusals) {
    if (refusals.isEmpty()) {
      return targetNotes;
    }
    return (targetNotes.isEmpty() ? "" : targetNotes + "; ") + "refused by reason: " + refusals;
  }

  private static Recording startRecording() throws IOException, ParseException {
    Recording recording = new Recording(Configuration.getConfiguration("profile"));
    recording.setName("tern-bench-ingest");
    recording.start();
    return recording;
  }

  /** Progress lines: rates since the previous line. */
  private final class Progress {
    private final IngestTarget target;
    private final DeviceFleet fleet;
    private final LatencyRecorder ackLatency;
    private final long started = System.nanoTime();
    private FleetTotals last;
    private long lastDelivered;
    private long lastNanos = System.nanoTime();

    Progress(IngestTarget target, DeviceFleet fleet, LatencyRecorder ackLatency) {
      this.target = target;
      this.fleet = fleet;
      this.ackLatency = ackLatency;
      this.last = fleet.totals();
      this.lastDelivered = target.deliveredReadings();
    }

    /** Runs for {@code length}, printing progress; interval latencies go into {@code keep}. */
    void phase(String name, Duration length, Histogram keep) {
      long end = System.nanoTime() + length.toNanos();
      long every = plan.progressEvery().toNanos();
      while (true) {
        long now = System.nanoTime();
        if (now >= end) {
          return;
        }
        sleepNanos(Math.min(every, end - now));
        if (System.nanoTime() >= end) {
          return; // the caller takes the last interval at the exact boundary
        }
        Histogram interval = ackLatency.interval();
        if (keep != null) {
          keep.add(interval);
        }
        line(name, interval);
      }
    }

    /** Waits until nothing is in flight and every acked reading was delivered. */
    boolean drain(Duration timeout) {
      long end = System.nanoTime() + timeout.toNanos();
      long nextLine = System.nanoTime() + plan.progressEvery().toNanos();
      while (true) {
        FleetTotals totals = fleet.totals();
        if (totals.inflight() == 0 && target.deliveredReadings() >= totals.readingsAcked()) {
          return true;
        }
        long now = System.nanoTime();
        if (now >= end) {
          return false;
        }
        if (now >= nextLine) {
          line("drain", ackLatency.interval());
          nextLine = now + plan.progressEvery().toNanos();
        }
        sleepNanos(TimeUnit.MILLISECONDS.toNanos(50));
      }
    }

    private void line(String phase, Histogram interval) {
      long now = System.nanoTime();
      double seconds = (now - lastNanos) / 1e9;
      FleetTotals totals = fleet.totals();
      long delivered = target.deliveredReadings();
      out.printf(
          "  %-4s %-7s %4.0fs  acked %,8.0f msg/s %,10.0f rd/s  delivered %,10.0f rd/s"
              + "  PUBACK p50 %s p99 %s ms  in-flight %,d  backlog %,d  refused %,d  errors %,d%n",
          target.label(),
          phase,
          (now - started) / 1e9,
          (totals.messagesAcked() - last.messagesAcked()) / seconds,
          (totals.readingsAcked() - last.readingsAcked()) / seconds,
          (delivered - lastDelivered) / seconds,
          Percentiles.ms(interval.getValueAtPercentile(50) / 1e6),
          Percentiles.ms(interval.getValueAtPercentile(99) / 1e6),
          totals.inflight(),
          totals.backlog(),
          totals.refused(),
          totals.errors());
      out.flush();
      last = totals;
      lastDelivered = delivered;
      lastNanos = now;
    }
  }

  private static String seconds(Duration d) {
    return "%.3g".formatted(d.toMillis() / 1000.0);
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
