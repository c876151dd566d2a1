package io.tern.sim.check;

import io.tern.sim.generated.GeneratedCount;
import io.tern.sim.signal.AnomalyLabel;
import java.util.List;
import java.util.LongSummaryStatistics;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks one simulator run against what Tern produced: {@link ReadingsCheck} (nothing lost, nothing
 * doubled) and {@link AlertsCheck} (recall, precision and delay per kind). Pure: no I/O.
 */
public final class Checker {

  private Checker() {}

  /**
   * @param windowMs rollup window size to compare; empty = the finest one in {@code outputs}
   */
  public static CheckReport check(
      List<GeneratedCount> generated,
      List<AnomalyLabel> labels,
      PipelineOutputs outputs,
      CheckSettings settings,
      OptionalLong windowMs) {
    ReadingsCheck.Result readings = ReadingsCheck.compare(generated, outputs.rollups(), windowMs);
    Set<String> series =
        generated.stream().map(c -> c.deviceId() + "/" + c.metric()).collect(Collectors.toSet());
    LongSummaryStatistics times =
        generated.stream().mapToLong(GeneratedCount::bucketStartMs).summaryStatistics();
    long bucket = generated.stream().mapToLong(GeneratedCount::bucketMs).max().orElse(0);
    long first = generated.isEmpty() ? 0 : times.getMin();
    long last = generated.isEmpty() ? -1 : times.getMax() + bucket - 1;
    AlertsCheck.Result alerts =
        AlertsCheck.score(labels, outputs.alerts(), series, first, last, settings);
    return new CheckReport(readings, alerts, settings);
  }
}
