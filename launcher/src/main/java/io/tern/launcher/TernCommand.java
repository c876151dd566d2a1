package io.tern.launcher;

import io.tern.agent.cli.AgentCommand;
import io.tern.bridge.cli.BridgeCommand;
import io.tern.launcher.alerts.AlertsCommand;
import io.tern.launcher.demo.DemoCommand;
import io.tern.launcher.gateway.GatewayBridgeCommand;
import io.tern.sim.cli.SimCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tern}: one command line for every Tern component. */
@Command(
    name = "tern",
    mixinStandardHelpOptions = true,
    versionProvider = TernVersion.class,
    description = {
      "Tern: edge-to-cloud telemetry pipeline for IoT fleets.",
      "Edge agents buffer readings durably and publish them over MQTT v5; the gateway validates,",
      "aggregates and detects anomalies; the cloud bridge delivers rollups and alerts to Kafka.",
      "",
      "Start with: tern demo"
    },
    subcommands = {
      DemoCommand.class,
      GatewayBridgeCommand.class,
      AgentCommand.class,
      BridgeCommand.class,
      SimCommand.class,
      AlertsCommand.class
    })
public final class TernCommand implements Runnable {

  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a command is needed, e.g. 'tern demo'");
  }
}
