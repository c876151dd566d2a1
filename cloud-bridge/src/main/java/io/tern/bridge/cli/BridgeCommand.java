package io.tern.bridge.cli;

import io.tern.bridge.Bridge;
import io.tern.bridge.BridgeConfig;
import io.tern.bridge.BridgeStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
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
      "Tails the gateway's output log and delivers rollups and alerts to Kafka (at least once).",
      "Runs until Ctrl-C; prints a status line every 5 seconds."
    })
public final class BridgeCommand implements Callable<Integer> {

  static final Duration STATUS_INTERVAL = Duration.ofSeconds(5);

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

  BridgeConfig config() {
    try {
      return new BridgeConfig(
          outputLog,
          bootstrapServers,
          rollupsTopic,
          alertsTopic,
          topicPartitions,
          replicationFactor);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  @Override
  public Integer call() throws InterruptedException {
    PrintWriter out = spec.commandLine().getOut();
    Bridge bridge = Bridge.start(config());
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  bridge.close();
                  stopped.countDown();
                },
                "tern-bridge-shutdown"));
    out.printf("bridge: %s -> %s (Ctrl-C to stop)%n", outputLog.toAbsolutePath(), bootstrapServers);
    out.flush();
    while (!stopped.await(STATUS_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
      out.println(statusLine(bridge.stats()));
      out.flush();
    }
    return 0;
  }

  static String statusLine(BridgeStats stats) {
    return String.format(
        "bridge: kafka %s | delivered %d rollups, %d alerts | lag %d | decode errors %d",
        stats.kafkaUp() ? "up" : "DOWN",
        stats.rollupsDelivered(),
        stats.alertsDelivered(),
        stats.lag(),
        stats.decodeErrors());
  }
}
