package io.tern.bench.noisy;

import io.tern.bench.ingest.DurationConverter;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./tern bench noisy}: the noisy-neighbour benchmark of issue 8. Exit code 0 on PASS, 2 on
 * FAIL (the run itself worked), 1 if it could not run.
 */
@Command(
    name = "noisy",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Noisy neighbour: N well-behaved MQTT v5 devices publish TelemetryBatch protobufs at QoS 1"
          + " at a steady rate to a real gateway in this JVM throughout. After a warm-up, segments"
          + " alternate: the devices alone (A), and while one more device floods invalid data as"
          + " fast as the broker lets it (B: garbage bytes, malformed protobuf, spoofed device"
          + " ids, NaN/infinite values, in turn; QoS 1, large in-flight window, its own"
          + " connection from a JVM of its own), in the order A B, B A, A B, ...",
      "Measures the well-behaved devices' ingest latency (publish to PUBACK; the gateway sends the"
          + " PUBACK once the batch is in its journal), pooled over the A and over the B"
          + " segments, checks that every one of their readings arrived (acked = sent;"
          + " /api/status and /api/devices agree), and counts the flood's PUBACKs by reason code.",
      "PASS: p99 of B < 1.20 x p99 of A, the devices kept their schedule, and every reading"
          + " arrived (issue 8). Exit code 0 PASS, 2 FAIL, 1 error."
    })
public final class NoisyBenchCommand implements Callable<Integer> {
  static final int EXIT_FAIL = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--devices",
      defaultValue = "100",
      description =
          "Well-behaved devices, each its own MQTT connection (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--batches-per-second",
      defaultValue = "10",
      description =
          "Batches each well-behaved device publishes per second (default: ${DEFAULT-VALUE}).")
  int batchesPerSecond;

  @Option(
      names = "--readings-per-batch",
      defaultValue = "10",
      description = "Readings per batch (default: ${DEFAULT-VALUE}).")
  int readingsPerBatch;

  @Option(
      names = "--inflight",
      defaultValue = "4",
      description =
          "Unacknowledged batches per well-behaved device, 1..1000 (default: ${DEFAULT-VALUE}).")
  int inflight;

  @Option(
      names = "--flood-inflight",
      defaultValue = "1000",
      description =
          "Unacknowledged messages of the flooder, 1..65535; the broker's Receive Maximum caps it"
              + " too (default: ${DEFAULT-VALUE}).")
  int floodInflight;

  @Option(
      names = "--flooder-in-this-jvm",
      description =
          "Run the flooder in this JVM (as before 2026-11-23) instead of a JVM of its own; its"
              + " MQTT client then shares the gateway's heap, garbage collector and JIT threads,"
              + " which a real device would not.")
  boolean flooderInThisJvm;

  @Option(
      names = "--start-warmup",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "Load after the gateway's start before the first segment, so that its JIT has settled"
              + " (default: ${DEFAULT-VALUE}).")
  Duration startWarmup;

  @Option(
      names = "--cycles",
      defaultValue = "6",
      description =
          "Cycles of two measured segments, one without the flooder (A) and one with it (B), in"
              + " the order A B, B A, A B, ... (default: ${DEFAULT-VALUE}).")
  int cycles;

  @Option(
      names = "--segment",
      defaultValue = "20s",
      converter = DurationConverter.class,
      description =
          "Length of each measured segment; B is measured from the flooder's start"
              + " (default: ${DEFAULT-VALUE}).")
  Duration segment;

  @Option(
      names = "--gap",
      defaultValue = "2s",
      converter = DurationConverter.class,
      description =
          "Unmeasured load after each segment, so that the flood's aftermath is not counted as A"
              + " (default: ${DEFAULT-VALUE}).")
  Duration gap;

  @Option(
      names = "--progress",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Period of progress lines (default: ${DEFAULT-VALUE}).")
  Duration progress;

  @Option(
      names = "--drain-timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "At the end, longest wait for PUBACKs and the pipeline to catch up"
              + " (default: ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seeds stream epochs, values and the flood (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    validate();
    NoisyRun.Plan plan =
        new NoisyRun.Plan(
            devices,
            batchesPerSecond,
            readingsPerBatch,
            inflight,
            floodInflight,
            !flooderInThisJvm,
            startWarmup,
            cycles,
            segment,
            gap,
            progress,
            drainTimeout,
            seed);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "noisy-neighbour benchmark: %,d devices x %d batches/s x %d readings (%,d readings/s),"
            + " in-flight %d/device; flooder in-flight %,d (in %s); %s s warm-up, then %d cycles of a %s s"
            + " segment without flood (A) and one with it (B), %s s apart%n",
        devices,
        batchesPerSecond,
        readingsPerBatch,
        plan.readingsPerSecond(),
        inflight,
        floodInflight,
        flooderInThisJvm ? "this JVM" : "its own JVM",
        seconds(startWarmup),
        cycles,
        seconds(segment),
        seconds(gap));
    out.flush();
    NoisyRun.Outcome outcome = new NoisyRun(out, plan).run();
    out.println();
    out.print(
        NoisyReport.render(
            outcome.phases(), outcome.segments(), outcome.flood(), outcome.arrival()));
    out.flush();
    return NoisyReport.passed(outcome.phases(), outcome.arrival()) ? 0 : EXIT_FAIL;
  }

  private void validate() {
    check(devices >= 1, "--devices must be at least 1, was " + devices);
    check(
        batchesPerSecond >= 1, "--batches-per-second must be at least 1, was " + batchesPerSecond);
    check(
        readingsPerBatch >= 1 && readingsPerBatch <= 10_000,
        "--readings-per-batch must be 1..10000, was " + readingsPerBatch);
    check(inflight >= 1 && inflight <= 1000, "--inflight must be 1..1000, was " + inflight);
    check(
        floodInflight >= 1 && floodInflight <= 65_535,
        "--flood-inflight must be 1..65535, was " + floodInflight);
    check(cycles >= 1 && cycles <= 1000, "--cycles must be 1..1000, was " + cycles);
    check(positive(segment), "--segment must be positive, was " + segment);
    check(!gap.isNegative(), "--gap must not be negative, was " + gap);
    check(!startWarmup.isNegative(), "--start-warmup must not be negative, was " + startWarmup);
    check(positive(progress), "--progress must be positive, was " + progress);
    check(!drainTimeout.isNegative(), "--drain-timeout must not be negative");
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private static String seconds(Duration d) {
    return "%.3g".formatted(d.toMillis() / 1000.0);
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
