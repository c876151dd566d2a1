package io.tern.launcher.demo;

import io.tern.bridge.Bridge;
import io.tern.bridge.BridgeConfig;
import io.tern.gateway.Gateway;
import io.tern.kafka.embedded.EmbeddedKafka;
import io.tern.sim.fleet.Fleet;
import io.tern.sim.fleet.FleetConfig;
import io.tern.sim.signal.MetricProfile;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole Tern pipeline in one process: an in-process Kafka broker (KRaft), the gateway with its
 * embedded HiveMQ CE broker, the cloud bridge tailing the gateway's output log, and a simulated
 * fleet whose devices publish through real edge agents. Used by {@code tern demo} and by the
 * end-to-end test, so the demo's wiring is tested.
 *
 * <p>Started and closed by one thread; {@link #snapshot()} may be called from any thread.
 */
public final class DemoPipeline implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoPipeline.class);

  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private final EmbeddedKafka kafka;
  private final Gateway gateway;
  private final Bridge bridge;
  private final Fleet fleet;

  private DemoPipeline(DemoSettings settings, StartListener listener) {
    try {
      listener.starting("Kafka broker (in-process, KRaft)");
      kafka = remember(EmbeddedKafka.start(settings.kafkaDir(), settings.kafkaPort()));
      listener.starting("gateway (embedded HiveMQ CE + pipeline + HTTP)");
      gateway =
          remember(
              Gateway.start(
                  Map.of(
                      "tern.gateway.mqtt-port", settings.mqttPort(),
                      "tern.gateway.data-dir", settings.gatewayDir().toString(),
                      "tern.gateway.rollup-window", settings.rollupWindow().toMillis() + "ms",
                      "micronaut.server.port", settings.httpPort())));
      listener.starting("cloud bridge (output log -> Kafka)");
      bridge =
          remember(
              Bridge.start(
                  BridgeConfig.defaults(gateway.outputLogDir(), kafka.bootstrapServers())));
      listener.starting(settings.devices() + " simulated devices, each with a real edge agent");
      fleet =
          remember(
              Fleet.start(
                  new FleetConfig(
                      settings.devices(),
                      "sim",
                      "tcp://127.0.0.1:" + gateway.mqttPort(),
                      settings.agentsDir(),
                      settings.sampleInterval(),
                      MetricProfile.defaults(),
                      settings.spikeProbability(),
                      settings.seed()),
                  InstantSource.system()));
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Receives progress while the pipeline starts (the demo prints it). */
  @FunctionalInterface
  public interface StartListener {
    void starting(String component);
  }

  public static DemoPipeline start(DemoSettings settings, StartListener listener) {
    return new DemoPipeline(settings, listener);
  }

  private <T extends AutoCloseable> T remember(T component) {
    started.push(component);
    return component;
  }

  public DemoSnapshot snapshot() {
    return new DemoSnapshot(fleet.stats(), gateway.stats(), bridge.stats());
  }

  public int mqttPort() {
    return gateway.mqttPort();
  }

  public int httpPort() {
    return gateway.httpPort();
  }

  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  /** Stops in reverse start order: devices, bridge, gateway, Kafka. Idempotent. */
  @Override
  public void close() {
    while (!started.isEmpty()) {
      AutoCloseable component = started.pop();
      try {
        component.close();
      } catch (Exception e) {
        log.warn("Could not close {} cleanly", component.getClass().getSimpleName(), e);
      }
    }
  }
}
