package io.tern.gateway.core.pipeline;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;

/** Where the {@link Pipeline} sends what it produces. Called on the pipeline's calling thread. */
public interface PipelineOutput {

  /**
   * A closed rollup window (revision 0), or a correction of one by late readings (revision > 0).
   */
  void rollup(Rollup rollup);

  /** A change of alert state (RAISED or CLEARED). */
  void alert(Alert alert);

  /** A reading that arrived after its window was emitted; a corrected revision follows. */
  void lateReading(Reading reading);

  /** A reading left out of the rollups (and, for duplicates, of detection), with the reason. */
  void dropped(Reading reading, DropReason reason);

  /**
   * Dedupe forgot a stream of a device to make room for a newer one; a replay of the forgotten
   * stream would no longer be recognised as duplicate.
   */
  void dedupeStreamEvicted(String deviceId, long streamEpoch);

  /**
   * Readings an agent reports it dropped unsent (first report of these seqs only; a repeated report
   * is not passed on). Ignored by outputs that do not care.
   */
  default void gap(DataGap gap) {}
}
