package io.tern.bench.detection;

import io.tern.gateway.core.model.Reading;
import java.util.List;

/**
 * A detector under evaluation, fed like the gateway's pipeline: batches of readings with the time
 * they arrive at, and a tick once per second. Called on the replay thread only.
 */
public interface ReplayDetector {

  /** The name in the result tables, e.g. {@code ours}. */
  String name();

  /** One batch; all its readings have event time {@code nowMs} (the replay runs as if live). */
  void accept(List<Reading> batch, long nowMs);

  /** Once per second of event time. */
  void tick(long nowMs);

  /** Every episode so far; those still active are {@link Episode#OPEN}. */
  List<Episode> episodes();

  /** Anything that makes this detector's result suspect (e.g. readings the pipeline dropped). */
  default List<String> warnings() {
    return List.of();
  }
}
