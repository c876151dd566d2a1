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
          + " at a steady rate to a real gateway in this JVM, first alone (phase A), then while one"
          + " more device floods invalid data as fast as the broker lets it (phase B: garbage"
          + " bytes, malformed protobuf, spoofed device ids, NaN/infinite values, in turn; QoS 1,"
          + " large in-flight window, its own connection), then alone again (phase A2).",
      "Measures the well-behaved devices' ingest latency (publish to PUBACK; the gateway sends the"
          + " PUBACK once the batch is in its journal) per phase, checks that every one of their"
          + " readings arrived (acked = sent; /api/status and /api/devices agree), and counts the"
          + " flood's PUBACKs by reason code.",
      "PASS: p99 of B < 1.20 x p99 of A (and of A2 if it ran) and every reading arrived"
          + " (issue 8). Exit code 0 PASS, 2 FAIL, 1 error."
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
      names = "--duration",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description = "Measured interval of each phase, e.g. 60s, 2m (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description =
          "Load before each measured interval, after the flooder starts or stops"
              + " (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--no-repeat",
      description = "Skip phase A2 (the well-behaved devices alone again after the flood).")
  boolean noRepeat;

  @Option(
      names = "--settle-timeout",
      defaultValue = "180s",
      converter = DurationConverter.class,
      description =
          "Phases A and A2 warm up until no batch has been behind schedule for --warmup (the"
              + " gateway has caught up after its start or the flood), at most this long"
              + " (default: ${DEFAULT-VALUE}).")
  Duration settleTimeout;

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
            warmup,
            duration,
            !noRepeat,
            settleTimeout,
            progress,
            drainTimeout,
            seed);
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "noisy-neighbour benchmark: %,d devices x %d batches/s x %d readings (%,d readings/s),"
            + " in-flight %d/device; flooder in-flight %,d; phases %s, each %s s warm-up + %s s"
            + " measured%n",
        devices,
        batchesPerSecond,
        readingsPerBatch,
        plan.readingsPerSecond(),
        inflight,
        floodInflight,
        noRepeat ? "A, B" : "A, B, A2",
        seconds(warmup),
        seconds(duration));
    out.flush();
    NoisyRun.Outcome outcome = new NoisyRun(out, plan).run();
    out.println();
    out.print(NoisyReport.render(outcome.phases(), outcome.flood(), outcome.arrival()));
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
    check(positive(duration), "--duration must be positive, was " + duration);
    check(!warmup.isNegative(), "--warmup must not be negative, was " + warmup);
    check(!settleTimeout.isNegative(), "--settle-timeout must not be negative");
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
