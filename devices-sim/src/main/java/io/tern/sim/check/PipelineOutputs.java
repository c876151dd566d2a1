package io.tern.sim.check;

import java.util.List;

/** What Tern produced, in the order it was read: rollups and alerts. */
public record PipelineOutputs(List<ObservedRollup> rollups, List<ObservedAlert> alerts) {

  public PipelineOutputs {
    rollups = List.copyOf(rollups);
    alerts = List.copyOf(alerts);
  }
}
