package io.tern.bridge.cli;

import io.tern.bridge.Bridge;
import io.tern.bridge.BridgeConfig;
import io.tern.bridge.BridgeStats;
import io.tern.bridge.SinkSettings;
import io.tern.bridge.sink.DeliveryGuarantee;
import io.tern.bridge.sink.kafka.ValueFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bridge}: runs the cloud bridge until Ctrl-C, printing a status line every 5 seconds. Runs
 * on the caller's (main) thread; a shutdown hook closes the bridge.
 */
@Command(
    name = "bridge",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Tails the gateway's output log and delivers rollups and alerts to Kafka, exactly once by"
          + " default (Kafka transactions; the bridge's position is committed with the records).",
      "Runs until Ctrl-C; prints a status line every 5 seconds. Exits with 1 if another bridge"
          + " with the same id takes over."
    })
public final class BridgeCommand implements Callable<Integer> {

  static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);
  private static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

  @Spec CommandSpec spec;

  @Option(
      names = "--output-log",
      paramLabel = "DIR",
      defaultValue = ".tern/gateway/output",
      description = {
        "Gateway output log (Chronicle Queue directory).",
        "Default: ${DEFAULT-VALUE}"
      })
  Path outputLog;

  @Option(
      names = "--bootstrap-servers",
      paramLabel = "HOST:PORT[,...]",
      defaultValue = "localhost:9092",
      description = {"Kafka bootstrap servers.", "Default: ${DEFAULT-VALUE}"})
  String bootstrapServers;

  @Option(
      names = "--rollups-topic",
      paramLabel = "TOPIC",
      defaultValue = BridgeConfig.DEFAULT_ROLLUPS_TOPIC,
      description = {"Topic for rollups (tern.v1.Rollup).", "Default: ${DEFAULT-VALUE}"})
  String rollupsTopic;

  @Option(
      names = "--alerts-topic",
      paramLabel = "TOPIC",
      defaultValue = BridgeConfig.DEFAULT_ALERTS_TOPIC,
      description = {"Topic for alerts (tern.v1.Alert).", "Default: ${DEFAULT-VALUE}"})
  String alertsTopic;

  @Option(
      names = "--topic-partitions",
      paramLabel = "N",
      defaultValue = "3",
      description = {"Partitions of topics the bridge creates.", "Default: ${DEFAULT-VALUE}"})
  int topicPartitions;

  @Option(
      names = "--replication-factor",
      paramLabel = "N",
      defaultValue = "1",
      description = {
        "Replication factor of topics the bridge creates.",
        "Default: ${DEFAULT-VALUE}"
      })
  short replicationFactor;

  @Option(
      names = "--delivery",
      paramLabel = "MODE",
      defaultValue = "exactly-once",
      description = {
        "exactly-once: Kafka transactions, the position is committed with the records;"
            + " at-least-once: idempotent producer, a crash may repeat the last batch.",
        "Default: ${DEFAULT-VALUE}"
      })
  String delivery;

  @Option(
      names = "--bridge-id",
      paramLabel = "ID",
      defaultValue = BridgeConfig.DEFAULT_BRIDGE_ID,
      description = {
        "Stable id of this bridge (transactional.id <ID>-tx, key in the offsets topic). A second"
            + " bridge with the same id fences the first.",
        "Default: ${DEFAULT-VALUE}"
      })
  String bridgeId;

  @Option(
      names = "--offsets-topic",
      paramLabel = "TOPIC",
      defaultValue = BridgeConfig.DEFAULT_OFFSETS_TOPIC,
      description = {
        "Compacted topic holding each bridge's committed output-log position (exactly-once).",
        "Default: ${DEFAULT-VALUE}"
      })
  String offsetsTopic;

  @Option(
      names = "--kafka-property",
      paramLabel = "KEY=VALUE",
      description = {
        "Extra Kafka client property for every client (repeatable), e.g."
            + " security.protocol=SASL_SSL. Default: none"
      })
  Map<String, String> kafkaProperties = new LinkedHashMap<>();

  @Option(
      names = "--sink",
      paramLabel = "SINK",
      defaultValue = "kafka",
      description = {
        "Where outputs go: kafka (exactly-once or at-least-once, see --delivery), file (NDJSON,"
            + " exactly-once, needs --file) or mqtt (remote broker, QoS 1, at-least-once, needs"
            + " --mqtt-url).",
        "Default: ${DEFAULT-VALUE}"
      })
  String sink;

  @Option(
      names = "--value-format",
      paramLabel = "FORMAT",
      defaultValue = "protobuf",
      description = {
        "Kafka record values: protobuf (tern.v1.Rollup / tern.v1.Alert) or json (the gateway's"
            + " MQTT JSON).",
        "Default: ${DEFAULT-VALUE}"
      })
  String valueFormat;

  @Option(
      names = "--file",
      paramLabel = "PATH",
      description = {
        "NDJSON file for --sink file (one JSON object per line; <PATH>.position holds the"
            + " committed length). Default: none"
      })
  Path file;

  @Mixin MqttOptions mqtt = new MqttOptions();

  /**
   * The configuration these command-line arguments describe (for tests and embedding).
   *
   * @throws picocli.CommandLine.ParameterException if an argument is wrong
   */
  public static BridgeConfig parseConfig(String... args) {
    BridgeCommand command = new BridgeCommand();
    new picocli.CommandLine(command).parseArgs(args);
    return command.config();
  }

  BridgeConfig config() {
    try {
      return kafkaConfig()
          .withValueFormat(ValueFormat.fromLabel(valueFormat))
          .withSink(sinkSettings());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private SinkSettings sinkSettings() {
    switch (sink.toLowerCase(Locale.ROOT)) {
      case "kafka":
        return new SinkSettings.Kafka();
      case "file":
        if (file == null) {
          throw new IllegalArgumentException("--sink file needs --file PATH");
        }
        return new SinkSettings.File(file);
      case "mqtt":
        return new SinkSettings.Mqtt(mqtt.config(bridgeId));
      default:
        throw new IllegalArgumentException(
            "unknown sink '" + sink + "', expected kafka, file or mqtt");
    }
  }

  private BridgeConfig kafkaConfig() {
    return new BridgeConfig(
        outputLog,
        bootstrapServers,
        rollupsTopic,
        alertsTopic,
        topicPartitions,
        replicationFactor,
        DeliveryGuarantee.fromLabel(delivery),
        bridgeId,
        offsetsTopic,
        kafkaProperties);
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    BridgeConfig config = config();
    Bridge bridge = Bridge.start(config);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  bridge.close();
                  stopped.countDown();
                },
                "tern-bridge-shutdown"));
    out.printf(
        "bridge %s: %s -> %s, %s (Ctrl-C to stop)%n",
        config.bridgeId(),
        outputLog.toAbsolutePath(),
        Bridge.destination(config),
        config.sink().guarantee(config.delivery()));
    out.flush();
    long ticks = 0;
    while (!stopped.await(CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
      if (bridge.failure().isPresent() && !bridge.running()) {
        spec.commandLine().getErr().println("error: " + bridge.failure().get());
        spec.commandLine().getErr().flush();
        return 1;
      }
      if (++ticks % (STATUS_INTERVAL.toMillis() / CHECK_INTERVAL.toMillis()) == 0) {
        out.println(statusLine(config.sink().name(), bridge.stats()));
        out.flush();
      }
    }
    return 0;
  }

  /** The status line of a Kafka bridge, e.g. {@code bridge: kafka up | delivered ...}. */
  public static String statusLine(BridgeStats stats) {
    return statusLine("kafka", stats);
  }

  /**
   * The status line, e.g. {@code bridge: file DOWN | delivered 3 rollups, 1 alerts | lag 7 ...}.
   */
  public static String statusLine(String sinkName, BridgeStats stats) {
    String line =
        String.format(
            "bridge: %s %s | delivered %d rollups, %d alerts | lag %d | decode errors %d",
            sinkName,
            stats.kafkaUp() ? "up" : "DOWN",
            stats.rollupsDelivered(),
            stats.alertsDelivered(),
            stats.lag(),
            stats.decodeErrors());
    return stats.gapEntries() == 0
        ? line
        : line + " | GAP " + stats.gapEntries() + " entries deleted undelivered";
  }
}
