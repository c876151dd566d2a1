package io.tern.bridge.cli;

import io.tern.bridge.Bridge;
import io.tern.bridge.BridgeConfig;
import io.tern.bridge.BridgeStats;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

  @Mixin BridgeOptions sink = new BridgeOptions();

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
      return sink.config(outputLog, mqtt);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
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
    Optional<String> failure =
        BridgeWatch.until(
            bridge,
            stopped,
            STATUS_INTERVAL,
            line -> {
              out.println(line);
              out.flush();
            });
    if (failure.isPresent()) {
      spec.commandLine().getErr().println("error: " + failure.get());
      spec.commandLine().getErr().flush();
      return 1;
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
