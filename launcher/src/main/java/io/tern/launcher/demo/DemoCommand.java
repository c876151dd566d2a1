package io.tern.launcher.demo;

import io.tern.agent.cli.DurationConverter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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

/** {@code tern demo}: the whole pipeline on this machine, with a live status line. */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Runs the whole pipeline on this machine: an in-process Kafka broker, the gateway with",
      "its embedded HiveMQ CE broker, the cloud bridge, and simulated devices publishing through",
      "real edge agents. Prints a status line every second and how to watch alerts, rollups",
      "and Kafka. Ctrl-C stops everything."
    })
public final class DemoCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--devices",
      defaultValue = "10",
      description = "Simulated devices (default: ${DEFAULT-VALUE}).")
  int devices;

  @Option(
      names = "--mqtt-port",
      defaultValue = "1883",
      description = "MQTT port of the embedded broker (default: ${DEFAULT-VALUE}).")
  int mqttPort;

  @Option(
      names = "--http-port",
      defaultValue = "8080",
      description = "HTTP port of the gateway's API and status page (default: ${DEFAULT-VALUE}).")
  int httpPort;

  @Option(
      names = "--kafka-port",
      defaultValue = "9092",
      description = "Port of the in-process Kafka broker (default: ${DEFAULT-VALUE}).")
  int kafkaPort;

  @Option(
      names = "--data-dir",
      defaultValue = ".tern/demo",
      description = "Folder for all demo data, emptied at start (default: ${DEFAULT-VALUE}).")
  Path dataDir;

  @Option(
      names = "--keep-data",
      description = "Keep data from the previous demo run instead of starting empty.")
  boolean keepData;

  @Option(
      names = "--interval",
      defaultValue = "200ms",
      converter = DurationConverter.class,
      description = "Time between readings of one metric per device (default: ${DEFAULT-VALUE}).")
  Duration interval;

  @Option(
      names = "--rollup-window",
      defaultValue = "10s",
      converter = DurationConverter.class,
      description = "Size of the gateway's tumbling rollup windows (default: ${DEFAULT-VALUE}).")
  Duration rollupWindow;

  @Option(
      names = "--spike-probability",
      defaultValue = "0.002",
      description = "Chance that a simulated reading is a spike (default: ${DEFAULT-VALUE}).")
  double spikeProbability;

  @Option(
      names = "--duration",
      converter = DurationConverter.class,
      description = "Stop after this long, e.g. 60s (default: run until Ctrl-C).")
  Duration duration;

  @Override
  public Integer call() throws IOException, InterruptedException {
    for (int port : new int[] {mqttPort, httpPort, kafkaPort}) {
      if (!PortCheck.isFree(port)) {
        throw new ParameterException(
            spec.commandLine(),
            "port "
                + port
                + " is already in use (another broker or an earlier demo?); pick another with"
                + " --mqtt-port, --http-port or --kafka-port");
      }
    }
    if (!keepData) {
      DataDirs.deleteRecursively(dataDir);
    }
    Files.createDirectories(dataDir);
    DemoSettings settings =
        new DemoSettings(
            dataDir,
            mqttPort,
            httpPort,
            kafkaPort,
            devices,
            interval,
            spikeProbability,
            rollupWindow,
            42L);
    PrintWriter out = spec.commandLine().getOut();
    out.println("Starting the Tern demo (data in " + dataDir.toAbsolutePath() + ")");
    out.flush();
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  stop.countDown();
                  awaitQuietly(stopped);
                },
                "demo-shutdown"));
    try (DemoPipeline pipeline =
        DemoPipeline.start(
            settings,
            component -> {
              out.println("  starting " + component);
              out.flush();
            })) {
      printHowToWatch(out, pipeline);
      new StatusPrinter(out, System.console() != null).run(pipeline, stop, duration);
      out.println();
      out.println("Stopping...");
      out.flush();
    } finally {
      stopped.countDown();
    }
    out.println("Stopped.");
    out.flush();
    return 0;
  }

  private void printHowToWatch(PrintWriter out, DemoPipeline pipeline) {
    out.printf(
        """

        Tern demo is running. Watch it:
          alerts (MQTT v5)   mosquitto_sub -V mqttv5 -p %d -t 'tern/v1/alerts/#' -v
                             ./tern alerts --broker tcp://localhost:%d
          rollups (MQTT v5)  mosquitto_sub -V mqttv5 -p %d -t 'tern/v1/rollups/#' -v
          gateway status     http://localhost:%d/   (JSON: /api/status, /api/devices,
                             /api/alerts/active, /api/rollups/latest; Prometheus: /metrics)
          Kafka              bootstrap %s, topics tern.rollups and tern.alerts (Protobuf values)
                             kafka-console-consumer.sh --bootstrap-server %s --topic tern.rollups \\
                               --from-beginning --property print.key=true
        Rollups arrive after the first %d s window closes; alerts when a device spikes.
        Full log: %s. Ctrl-C stops everything.

        """,
        pipeline.mqttPort(),
        pipeline.mqttPort(),
        pipeline.mqttPort(),
        pipeline.httpPort(),
        pipeline.kafkaBootstrapServers(),
        pipeline.kafkaBootstrapServers(),
        rollupWindow.toSeconds(),
        Path.of(System.getProperty("tern.log.dir", ".tern/logs"), "tern.log"));
    out.flush();
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      if (!latch.await(30, TimeUnit.SECONDS)) {
        System.err.println("demo: components did not stop within 30 s; exiting anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
