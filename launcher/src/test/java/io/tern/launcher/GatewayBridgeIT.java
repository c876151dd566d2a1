package io.tern.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tern.agent.Agent;
import io.tern.agent.AgentConfig;
import io.tern.bridge.Bridge;
import io.tern.bridge.BridgeConfig;
import io.tern.bridge.cli.BridgeCommand;
import io.tern.launcher.crash.GatewayProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tern gateway --sink file --file PATH} as a real process: readings published over MQTT by a
 * real edge agent come out as rollups in the NDJSON file, delivered by the bridge inside the
 * gateway's process; a second bridge on the same output log and sink is refused while it runs;
 * shutdown stops the bridge before the gateway; without sink options the gateway runs alone and
 * says so.
 */
class GatewayBridgeIT {

  private static final Duration PATIENCE = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int READINGS = 30;
  private static final long SPACING_MS = 100;

  @TempDir Path dir;

  @Test
  void gatewayWithItsBridge_deliversRollupsToTheFile_andRefusesASecondBridge() throws Exception {
    Path dataDir = dir.resolve("gateway").toAbsolutePath();
    Path ndjson = dir.resolve("cloud/tern.ndjson").toAbsolutePath();
    int mqttPort = GatewayProcess.freePort();
    try (GatewayProcess gateway =
        GatewayProcess.startThroughTern(
            dir.resolve("logs/gateway.log"),
            mqttPort,
            GatewayProcess.freePort(),
            List.of("tern.gateway.rollup-idle-timeout=2s"),
            "--data-dir",
            dataDir.toString(),
            "--rollup-window",
            "1s",
            "--sink",
            "file",
            "--file",
            ndjson.toString())) {
      assertThat(gateway.logged("  bridge      file " + ndjson + ", exactly-once")).isTrue();

      long firstEventMs = publish(mqttPort);

      await().atMost(PATIENCE).until(() -> countedReadings(ndjson) == READINGS);
      List<JsonNode> rollups = rollups(ndjson);
      assertThat(rollups).extracting(r -> r.get("id").asText()).doesNotHaveDuplicates();
      assertThat(rollups)
          .allSatisfy(
              r -> {
                assertThat(r.get("deviceId").asText()).isEqualTo("dev-bridge");
                assertThat(r.get("windowStartMs").asLong())
                    .isBetween(firstEventMs - 1000, firstEventMs + READINGS * SPACING_MS);
              });
      await()
          .atMost(PATIENCE)
          .until(
              () -> gateway.logged("bridge: file up | delivered " + rollups.size() + " rollups"));

      BridgeConfig same =
          BridgeCommand.parseConfig(
              "--output-log", dataDir.resolve("output").toString(),
              "--sink", "file",
              "--file", ndjson.toString());
      Path lock = dataDir.resolve("output/consumers/" + Bridge.consumerName(same) + ".lock");
      assertThatThrownBy(() -> Bridge.start(same))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another bridge (pid " + gateway.pid() + ") already delivers")
          .hasMessageContaining("(it holds " + lock + ")");

      assertThat(gateway.stop()).isIn(0, 143);
      String log = Files.readString(gateway.logFile());
      assertThat(log.indexOf("Bridge stopped"))
          .isPositive()
          .isLessThan(log.indexOf("Gateway stopped"));
      try (Bridge afterwards = Bridge.start(same)) {
        assertThat(afterwards.running()).as("the stopped gateway released %s", lock).isTrue();
      }
    }
  }

  @Test
  void gatewayWithoutSinkOptions_runsAloneAndSaysHowToEnableTheBridge() throws Exception {
    try (GatewayProcess gateway =
        GatewayProcess.startThroughTern(
            dir.resolve("logs/alone.log"),
            GatewayProcess.freePort(),
            GatewayProcess.freePort(),
            List.of(),
            "--data-dir",
            dir.resolve("gateway").toString())) {
      assertThat(gateway.logged("  bridge      off")).isTrue();
      await().atMost(PATIENCE).until(() -> gateway.logged("Cloud bridge off: rollups and alerts"));
      assertThat(gateway.logged("give a sink (--sink kafka --bootstrap-servers HOST:PORT"))
          .isTrue();
      assertThat(gateway.logged("Bridge tern-bridge started")).isFalse();
      assertThat(gateway.stop()).isIn(0, 143);
    }
  }

  /** Publishes the readings through a real edge agent; returns the first event time. */
  private long publish(int mqttPort) {
    long first = System.currentTimeMillis();
    try (Agent agent =
        Agent.start(
            AgentConfig.defaults(
                "dev-bridge", "tcp://127.0.0.1:" + mqttPort, dir.resolve("agent")))) {
      for (int i = 0; i < READINGS; i++) {
        agent.record("temp", 20 + i % 5, first + i * SPACING_MS);
      }
      await().atMost(PATIENCE).until(() -> agent.stats().ackedSeq() == READINGS);
    }
    return first;
  }

  /** The readings the 1 s rollups in the file count together. */
  private static long countedReadings(Path ndjson) throws IOException {
    return rollups(ndjson).stream()
        .filter(r -> r.get("windowMs").asLong() == 1000)
        .mapToLong(r -> r.get("count").asLong())
        .sum();
  }

  /** The rollup lines written so far (complete lines only: the bridge may be writing one). */
  private static List<JsonNode> rollups(Path ndjson) throws IOException {
    if (!Files.exists(ndjson)) {
      return List.of();
    }
    String text = Files.readString(ndjson);
    List<JsonNode> rollups = new ArrayList<>();
    for (String line : text.substring(0, text.lastIndexOf('\n') + 1).split("\n")) {
      if (!line.isEmpty()) {
        JsonNode node = JSON.readTree(line);
        if (node.get("type").asText().equals("rollup")) {
          rollups.add(node);
        }
      }
    }
    return rollups;
  }
}
