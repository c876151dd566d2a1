package io.tern.bench.rollup;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.pipeline.DropReason;
import io.tern.gateway.core.pipeline.PipelineOutput;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The benchmark's pipeline output: rollups and alerts go to a {@link Blackhole} and are counted;
 * drops are counted so that a run whose input lost readings is reported as broken. Benchmark thread
 * only.
 */
final class CountingOutput implements PipelineOutput {
  private final Blackhole bh;
  private long rollups;
  private long late;
  private long dropped;

  CountingOutput(Blackhole bh) {
    this.bh = bh;
  }

  /** Rollups since the last call. */
  long takeRollups() {
    long n = rollups;
    rollups = 0;
    return n;
  }

  void requireNothingDropped() {
    if (late > 0 || dropped > 0) {
      throw new IllegalStateException(
          "the benchmark input must be in order: " + late + " late, " + dropped + " dropped");
    }
  }

  @Override
  public void rollup(Rollup rollup) {
    rollups++;
    bh.consume(rollup);
  }

  @Override
  public void alert(Alert alert) {
    bh.consume(alert);
  }

  @Override
  public void lateReading(Reading reading) {
    late++;
  }

  @Override
  public void dropped(Reading reading, DropReason reason) {
    dropped++;
  }

  @Override
  public void dedupeStreamEvicted(String deviceId, long streamEpoch) {
    dropped++;
  }
}
