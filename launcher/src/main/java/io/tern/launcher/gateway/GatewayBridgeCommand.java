package io.tern.launcher.gateway;

import io.tern.bridge.Bridge;
import io.tern.bridge.BridgeConfig;
import io.tern.bridge.cli.BridgeOptions;
import io.tern.bridge.cli.BridgeWatch;
import io.tern.bridge.cli.MqttOptions;
import io.tern.gateway.Gateway;
import io.tern.gateway.cli.GatewayCommand;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tern gateway}: the gateway's own options ({@link GatewayCommand}) plus the cloud bridge's
 * sink options ({@link BridgeOptions}, {@link MqttOptions}); when any of these is given, the bridge
 * runs in the gateway's process: started after the gateway, stopped before it, its status line in
 * the gateway's log. Runs on the caller's (main) thread until Ctrl-C; a shutdown hook stops both.
 */
@Command(
    name = "gateway",
    mixinStandardHelpOptions = true,
    usageHelpWidth = 100,
    description = {
      "Runs the Tern gateway: embedded MQTT broker, event-time rollups, anomaly alerts, HTTP API;"
          + " with a sink option (e.g. --sink kafka, --sink file --file PATH) also the cloud"
          + " bridge, in the same process, delivering rollups and alerts from the output log.",
      "Without sink options (or with --no-bridge) the gateway runs alone; 'tern bridge' can then"
          + " deliver from a separate process. Stops cleanly on Ctrl-C."
    })
public final class GatewayBridgeCommand implements Callable<Integer> {

  static final Duration STATUS_INTERVAL = Duration.ofSeconds(15);
  private static final Logger LOG = LoggerFactory.getLogger(GatewayBridgeCommand.class);

  @Spec CommandSpec spec;

  @Mixin GatewayCommand gateway = new GatewayCommand();

  @Option(
      names = "--no-bridge",
      description =
          "Run the gateway alone, without the bridge (also the case when no bridge option is"
              + " given).")
  boolean noBridge;

  @ArgGroup(
      exclusive = false,
      order = 1,
      heading =
          "%nCloud bridge in this process (on when any of these is given; as in 'tern bridge'):%n")
  BridgeOptions bridge;

  @ArgGroup(
      exclusive = false,
      order = 2,
      heading = "%nRemote MQTT broker of the bridge (with --sink mqtt):%n")
  MqttOptions mqtt;

  @Override
  public Integer call() throws InterruptedException {
    boolean withBridge = bridgeWanted();
    if (withBridge) {
      bridgeConfig(Path.of(".")); // a wrong option fails before anything starts
    }
    Gateway running = Gateway.start(gateway.properties());
    Bridge delivering;
    try {
      delivering = withBridge ? Bridge.start(bridgeConfig(running.outputLogDir())) : null;
    } catch (RuntimeException e) {
      running.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  if (delivering != null) {
                    delivering.close(); // undelivered outputs stay in the log for the next start
                  }
                  running.close();
                  stopped.countDown();
                },
                "tern-gateway-shutdown"));
    System.out.print(GatewayCommand.runningBanner(running));
    if (delivering == null) {
      System.out.printf("  bridge      off%n");
      LOG.info(bridgeOffHint(running.outputLogDir()));
      stopped.await();
      return 0;
    }
    BridgeConfig config = delivering.config();
    System.out.printf(
        "  bridge      %s, %s (status every %ds in the log)%n",
        Bridge.destination(config),
        config.sink().guarantee(config.delivery()),
        STATUS_INTERVAL.toSeconds());
    Optional<String> failure = BridgeWatch.until(delivering, stopped, STATUS_INTERVAL, LOG::info);
    if (failure.isPresent()) {
      LOG.error(
          "Cloud bridge stopped for good: {}. The gateway goes on; outputs wait in {}",
          failure.get(),
          running.outputLogDir());
      stopped.await();
    }
    return 0;
  }

  /**
   * Whether the bridge runs: some bridge option given and no {@code --no-bridge}.
   *
   * @throws ParameterException if the options contradict each other
   */
  boolean bridgeWanted() {
    if (noBridge && (bridge != null || mqtt != null)) {
      throw new ParameterException(
          spec.commandLine(), "--no-bridge contradicts the bridge options given");
    }
    if (bridge == null && mqtt != null) {
      throw new ParameterException(
          spec.commandLine(), "the --mqtt-url/--mqtt-* options of the bridge need --sink mqtt");
    }
    return bridge != null;
  }

  /** The bridge's configuration for the gateway's output log {@code outputLog}. */
  BridgeConfig bridgeConfig(Path outputLog) {
    try {
      return bridge.config(outputLog, mqtt);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private String bridgeOffHint(Path outputLog) {
    return "Cloud bridge off"
        + (noBridge ? " (--no-bridge)" : "")
        + ": rollups and alerts stay in "
        + outputLog
        + "; to deliver them, give a sink (--sink kafka --bootstrap-servers HOST:PORT, or --sink"
        + " file --file PATH) or run 'tern bridge --output-log "
        + outputLog
        + "' beside the gateway";
  }
}
