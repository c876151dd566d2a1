package io.tern.gateway.validation;

import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.Reading;
import java.util.List;

/** The outcome of validating one telemetry message. */
public sealed interface Validation {

  /** The whole message is rejected for a {@link RejectionReason.Scope#MESSAGE} reason. */
  record MessageRejected(RejectionReason reason, String detail) implements Validation {}

  /**
   * The message is taken: its valid readings go on, the invalid ones (possibly all of them) are
   * listed with their reasons.
   */
  record Accepted(List<Reading> readings, List<RejectedReading> rejected, List<DataGap> gaps)
      implements Validation {
    public Accepted {
      readings = List.copyOf(readings);
      rejected = List.copyOf(rejected);
      gaps = List.copyOf(gaps);
    }

    /** A message without gap reports. */
    public Accepted(List<Reading> readings, List<RejectedReading> rejected) {
      this(readings, rejected, List.of());
    }
  }

  /**
   * One reading rejected for a {@link RejectionReason.Scope#READING} reason.
   *
   * @param metric the metric name, or {@code null} if its index was out of range
   */
  record RejectedReading(RejectionReason reason, long seq, String metric, String detail) {}
}
