package io.tern.gateway.health;

import io.tern.gateway.broker.EmbeddedBroker;
import io.tern.gateway.ingest.PipelineRunner;
import io.tern.gateway.journal.JournalWriter;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Whether the gateway can take telemetry: the MQTT broker is running and the pipeline thread is
 * alive. Thread-safe (HTTP threads).
 */
@Singleton
public final class GatewayHealth {

  /**
   * The health of the gateway.
   *
   * @param status {@code UP} or {@code DOWN}
   * @param down the parts that are not running ({@code broker}, {@code pipeline}); empty when UP
   */
  public record Health(String status, List<String> down) {
    public Health {
      down = List.copyOf(down);
    }

    public boolean up() {
      return down.isEmpty();
    }
  }

  private final BooleanSupplier brokerRunning;
  private final BooleanSupplier pipelineRunning;

  @Inject
  public GatewayHealth(EmbeddedBroker broker, PipelineRunner pipeline, JournalWriter journal) {
    this(broker::isRunning, () -> pipeline.isRunning() && journal.isRunning());
  }

  GatewayHealth(BooleanSupplier brokerRunning, BooleanSupplier pipelineRunning) {
    this.brokerRunning = brokerRunning;
    this.pipelineRunning = pipelineRunning;
  }

  public Health check() {
    List<String> down = new ArrayList<>(2);
    if (!brokerRunning.getAsBoolean()) {
      down.add("broker");
    }
    if (!pipelineRunning.getAsBoolean()) {
      down.add("pipeline");
    }
    return new Health(down.isEmpty() ? "UP" : "DOWN", down);
  }
}
