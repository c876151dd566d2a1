package io.tern.gateway.core.rollup;

import io.tern.gateway.core.model.Rollup;
import java.util.List;
import java.util.Objects;

/**
 * What adding one reading to the {@link RollupWindows} did.
 *
 * @param closed the windows (any size, any metric of the same device) that the advanced watermark
 *     closed: sizes in configured order, then oldest first, metrics in name order
 * @param lateness whether the reading fell into windows that were already emitted
 */
public record WindowOutcome(List<Rollup> closed, Lateness lateness) {

  static final WindowOutcome ON_TIME = new WindowOutcome(List.of(), Lateness.ON_TIME);

  public WindowOutcome {
    closed = List.copyOf(closed);
    Objects.requireNonNull(lateness, "lateness");
  }

  /** How late a reading was, over all window sizes. */
  public enum Lateness {
    /** Added to an open window of every size. */
    ON_TIME,
    /**
     * In at least one size its window was already emitted; the reading was added to it and a
     * corrected revision follows ({@link RollupWindows#flushCorrections()}).
     */
    LATE,
    /**
     * In at least one size its window is beyond the retention (no state is kept for it any more):
     * it is missing from that size's rollups. Sizes with state still count it.
     */
    TOO_LATE
  }
}
