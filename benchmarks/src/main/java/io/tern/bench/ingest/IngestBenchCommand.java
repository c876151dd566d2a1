package io.tern.bench.ingest;

import io.tern.bridge.sink.DeliveryGuarantee;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ./tern bench ingest}: the same simulated fleet publishes to the raw-transport peer
 * (Mosquitto + a Paho subscriber that decodes and counts) and to our gateway (full pipeline), one
 * side after the other in one run, and prints readings/s delivered, PUBACK latency percentiles and
 * the ours/peer ratio.
 */
@Command(
    name = "ingest",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Gateway ingest vs Mosquitto + Paho: N simulated MQTT v5 devices publish TelemetryBatch "
          + "protobufs at QoS 1 to each side in turn (same load generator, same JVM, same machine).",
      "peer = Mosquitto process + Paho subscriber that only decodes and counts; "
          + "ours = the Tern gateway in this JVM with its full pipeline.",
      "Delivered readings/s: peer = counted by the subscriber, ours = processed by the pipeline.",
      "--bridge: the gateway without the cloud bridge, then with the bridge delivering its output"
          + " log to an in-process Kafka broker (transactional producer, then idempotent only);"
          + " ratios vs the gateway without the bridge."
    })
public final class IngestBenchCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(IngestBenchCommand.class);

  /** The sides. */
  public enum Side {
    /** Mosquitto + Paho subscriber. */
    peer,
    /** The gateway alone. */
    ours,
    /**
     * The gateway + the cloud bridge, transactional (exactly-once) producer, to in-process Kafka.
     */
    bridge_tx,
    /** The gateway + the cloud bridge, idempotent-only (at-least-once) producer. */
    bridge_idem
  }

  /** What {@code --bridge} runs. */
  static final List<Side> BRIDGE_SIDES = List.of(Side.ours, Side.bridge_tx, Side.bridge_idem);

  @Spec CommandSpec spec;

  @Option(
      names = "--devices",
      defaultValue = "1000",
      description = "Simulated devices, each its own MQTT connection (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--duration",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Measured interval per side, e.g. 30s, 2m (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description = "Load before measuring, per side (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--readings-per-batch",
      defaultValue = "20",
      description = "Readings per published TelemetryBatch (default: ${DEFAULT-VALUE}).")
  int readingsPerBatch;

  @Option(
      names = "--rate",
      defaultValue = "0",
      description =
          "Open-loop target in readings/s over all devices; 0 = as fast as PUBACKs return"
              + " (default: ${DEFAULT-VALUE}).")
  long rate;

  @Option(
      names = "--inflight",
      defaultValue = "4",
      description = "Unacknowledged batches per device, 1..1000 (default: ${DEFAULT-VALUE}).")
  int inflight;

  @Option(
      names = "--sides",
      defaultValue = "peer,ours",
      split = ",",
      description =
          "Sides to run, in this order: peer, ours, bridge_tx, bridge_idem"
              + " (default: ${DEFAULT-VALUE}).")
  List<Side> sides;

  @Option(
      names = "--bridge",
      description =
          "Bridge on vs off: same as --sides ours,bridge_tx,bridge_idem (gateway alone, then with"
              + " the cloud bridge to an in-process Kafka broker, transactional then idempotent"
              + " only).")
  boolean bridge;

  @Option(
      names = "--drain-timeout",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "After the load, longest wait for PUBACKs and deliveries to catch up"
              + " (default: ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  @Option(
      names = "--progress",
      defaultValue = "5s",
      converter = DurationConverter.class,
      description = "Period of progress lines (default: ${DEFAULT-VALUE}).")
  Duration progress;

  @Option(
      names = "--mosquitto",
      defaultValue = "/usr/sbin/mosquitto",
      description = "Mosquitto executable for the peer (default: ${DEFAULT-VALUE}).")
  Path mosquitto;

  @Option(
      names = "--jfr",
      description = "Write a JFR recording (profile settings) of ours' measured interval here.")
  Path jfr;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seeds stream epochs and reading values (default: ${DEFAULT-VALUE}).")
  long seed;

  @Override
  public Integer call() throws Exception {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    List<Side> order = bridge ? BRIDGE_SIDES : List.copyOf(new LinkedHashSet<>(sides));
    if (order.contains(Side.peer) && !Files.isExecutable(mosquitto)) {
      spec.commandLine()
          .getErr()
          .println("error: mosquitto not found at " + mosquitto + ": apt-get install mosquitto");
      return 1;
    }
    DeviceFleet.Settings settings =
        new DeviceFleet.Settings(devices, readingsPerBatch, inflight, rate, seed);
    SideRunner runner =
        new SideRunner(
            out, new SideRunner.Plan(warmup, duration, progress, drainTimeout), settings);
    out.printf(
        "ingest benchmark: %,d devices, %d readings/batch, in-flight %d/device, %s, sides %s"
            + " run one after the other%n",
        devices,
        readingsPerBatch,
        inflight,
        rate > 0 ? "open loop at %,d readings/s".formatted(rate) : "max throughput",
        order);
    List<SideResult> results = new ArrayList<>();
    try (BenchKafka kafka = new BenchKafka(out)) {
      for (Side side : order) {
        results.add(
            switch (side) {
              case peer -> runPeer(runner);
              case ours -> runOurs(runner);
              case bridge_tx -> runWithBridge(runner, kafka, DeliveryGuarantee.EXACTLY_ONCE, "tx");
              case bridge_idem ->
                  runWithBridge(runner, kafka, DeliveryGuarantee.AT_LEAST_ONCE, "idem");
            });
      }
    }
    out.println();
    out.print(ResultTable.render(results));
    out.flush();
    return 0;
  }

  private SideResult runPeer(SideRunner runner) throws Exception {
    SendTimes sendTimes = new SendTimes();
    LatencyRecorder receipts = new LatencyRecorder();
    try (PeerTarget target =
        PeerTarget.start(mosquitto, WorkDirs.create("tern-bench-mosquitto"), sendTimes, receipts)) {
      return runner.run(target, new LatencyRecorder(), receipts, sendTimes, null);
    }
  }

  private SideResult runOurs(SideRunner runner) throws Exception {
    try (GatewayTarget target = GatewayTarget.start(WorkDirs.create("tern-bench-gateway"))) {
      return runner.run(target, new LatencyRecorder(), null, null, jfr);
    } finally {
      LOG.debug("Gateway side finished");
    }
  }

  private SideResult runWithBridge(
      SideRunner runner, BenchKafka kafka, DeliveryGuarantee delivery, String id) throws Exception {
    try (GatewayTarget target =
        GatewayTarget.startWithBridge(
            WorkDirs.create("tern-bench-gateway"), kafka.bootstrapServers(), delivery, id)) {
      return runner.run(target, new LatencyRecorder(), null, null, null);
    }
  }

  private void validate() {
    check(devices >= 1, "--devices must be at least 1, was " + devices);
    check(
        readingsPerBatch >= 1 && readingsPerBatch <= 10_000,
        "--readings-per-batch must be 1..10000, was " + readingsPerBatch);
    check(inflight >= 1 && inflight <= 1000, "--inflight must be 1..1000, was " + inflight);
    check(rate >= 0, "--rate must not be negative, was " + rate);
    check(positive(duration), "--duration must be positive, was " + duration);
    check(!warmup.isNegative(), "--warmup must not be negative, was " + warmup);
    check(positive(progress), "--progress must be positive, was " + progress);
    check(!drainTimeout.isNegative(), "--drain-timeout must not be negative");
    check(!sides.isEmpty(), "--sides must name peer, ours or both");
  }

  private static boolean positive(Duration d) {
    return !d.isNegative() && !d.isZero();
  }

  private void check(boolean ok, String message) {
    if (!ok) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }
}
