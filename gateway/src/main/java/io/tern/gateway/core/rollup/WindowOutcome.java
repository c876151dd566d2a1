package io.tern.gateway.core.rollup;

import io.tern.gateway.core.model.Rollup;
import java.util.List;

/** What adding one reading to the {@link RollupWindows} did. */
public sealed interface WindowOutcome {

  /**
   * The reading was added to its window; {@code closed} holds the windows (of any metric of the
   * same device) that the advanced watermark closed, oldest first, metrics in name order.
   */
  record Accepted(List<Rollup> closed) implements WindowOutcome {
    public Accepted {
      closed = List.copyOf(closed);
    }
  }

  /**
   * The reading's window had already closed (its end + grace was at or before the device's
   * watermark); the reading was not added.
   */
  record Late(long windowStartMs, long watermarkMs) implements WindowOutcome {}
}
