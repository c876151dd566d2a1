package io.tern.gateway.core.pipeline;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;

/** Where the {@link Pipeline} sends what it produces. Called on the pipeline's calling thread. */
public interface PipelineOutput {

  /** A closed rollup window. */
  void rollup(Rollup rollup);

  /** A change of alert state (RAISED or CLEARED). */
  void alert(Alert alert);

  /** A reading that arrived after its window had closed; it is not in any rollup. */
  void lateReading(Reading reading);
}
