package io.tern.gateway.validation;

import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.GapReason;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.validation.ReceivedBatch.ReceivedReading;
import io.tern.gateway.validation.Validation.Accepted;
import io.tern.gateway.validation.Validation.MessageRejected;
import io.tern.gateway.validation.Validation.RejectedReading;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Checks one received telemetry message: message-level problems reject it whole, reading-level
 * problems reject only those readings. Pure: no I/O, time from the injected clock. Thread-safe
 * (immutable); called concurrently by the broker's threads.
 */
public final class TelemetryValidator {
  /** Metric names become an MQTT topic level and a metric label: keep them plain. */
  public static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final ValidationRules rules;
  private final InstantSource clock;

  public TelemetryValidator(ValidationRules rules, InstantSource clock) {
    this.rules = rules;
    this.clock = clock;
  }

  /**
   * Validates a message.
   *
   * @param topicDeviceId the device id of the message's topic (already checked to be one level)
   * @param clientId the MQTT client id of the sender
   */
  public Validation validate(String topicDeviceId, String clientId, ReceivedBatch batch) {
    Optional<MessageRejected> rejected = checkMessage(topicDeviceId, clientId, batch);
    if (rejected.isPresent()) {
      return rejected.get();
    }
    return checkReadings(topicDeviceId, batch);
  }

  private Optional<MessageRejected> checkMessage(
      String topicDeviceId, String clientId, ReceivedBatch batch) {
    if (batch.deviceId().isEmpty()) {
      return reject(RejectionReason.MISSING_FIELDS, "device_id is not set");
    }
    if (batch.streamEpoch() == 0) {
      return reject(RejectionReason.MISSING_FIELDS, "stream_epoch is not set");
    }
    if (batch.readings().isEmpty() && batch.gaps().isEmpty()) {
      return reject(RejectionReason.MISSING_FIELDS, "the message has no readings and no gaps");
    }
    if (!batch.deviceId().equals(topicDeviceId)) {
      return reject(
          RejectionReason.DEVICE_ID_MISMATCH,
          "device_id '" + batch.deviceId() + "' differs from topic device '" + topicDeviceId + "'");
    }
    if (rules.requireClientIdMatch() && !topicDeviceId.equals(clientId)) {
      return reject(
          RejectionReason.CLIENT_ID_MISMATCH,
          "MQTT client id '" + clientId + "' differs from topic device '" + topicDeviceId + "'");
    }
    for (ReceivedBatch.ReceivedGap gap : batch.gaps()) {
      if (gap.firstSeq() < 1 || gap.firstSeq() > gap.lastSeq()) {
        return reject(
            RejectionReason.INVALID_GAP,
            "gap " + gap.firstSeq() + ".." + gap.lastSeq() + " is not a run of seqs >= 1");
      }
    }
    if (batch.readings().size() > rules.maxBatchReadings()) {
      return reject(
          RejectionReason.OVERSIZED_BATCH,
          batch.readings().size()
              + " readings in one message, at most "
              + rules.maxBatchReadings()
              + " allowed");
    }
    return Optional.empty();
  }

  /** The wire's {@code GapReason} number as the core's reason; unknown numbers are UNSPECIFIED. */
  private static GapReason gapReason(int number) {
    return switch (number) {
      case 1 -> GapReason.BUDGET_BYTES;
      case 2 -> GapReason.BUDGET_AGE;
      case 3 -> GapReason.REJECTED_NEW;
      case 4 -> GapReason.DISK_ERROR;
      default -> GapReason.UNSPECIFIED;
    };
  }

  private static Optional<MessageRejected> reject(RejectionReason reason, String detail) {
    return Optional.of(new MessageRejected(reason, detail));
  }

  private Accepted checkReadings(String deviceId, ReceivedBatch batch) {
    long now = clock.millis();
    long latest = saturatedAdd(now, rules.maxEventTimeAhead().toMillis());
    long earliest = saturatedAdd(now, -rules.maxEventAge().toMillis());
    boolean[] validName = new boolean[batch.metrics().size()];
    for (int i = 0; i < validName.length; i++) {
      validName[i] = METRIC_NAME.matcher(batch.metrics().get(i)).matches();
    }
    List<Reading> readings = new ArrayList<>(batch.readings().size());
    List<RejectedReading> rejected = new ArrayList<>();
    for (ReceivedReading r : batch.readings()) {
      if (r.metricIndex() >= validName.length) {
        rejected.add(
            new RejectedReading(
                RejectionReason.METRIC_INDEX_OUT_OF_RANGE,
                r.seq(),
                null,
                "metric_index "
                    + r.metricIndex()
                    + " is outside the message's "
                    + validName.length
                    + " metric names"));
        continue;
      }
      String metric = batch.metrics().get((int) r.metricIndex());
      Optional<RejectedReading> problem =
          checkReading(r, metric, validName[(int) r.metricIndex()], earliest, latest, now);
      if (problem.isPresent()) {
        rejected.add(problem.get());
      } else {
        readings.add(
            new Reading(
                deviceId, batch.streamEpoch(), r.seq(), metric, r.value(), r.eventTimeMs()));
      }
    }
    List<DataGap> gaps = new ArrayList<>(batch.gaps().size());
    for (ReceivedBatch.ReceivedGap gap : batch.gaps()) {
      gaps.add(
          new DataGap(
              deviceId,
              batch.streamEpoch(),
              gap.firstSeq(),
              gap.lastSeq(),
              gapReason(gap.reason()),
              now));
    }
    return new Accepted(readings, rejected, gaps);
  }

  private Optional<RejectedReading> checkReading(
      ReceivedReading r, String metric, boolean validName, long earliest, long latest, long now) {
    if (!validName) {
      return rejectReading(
          RejectionReason.INVALID_METRIC_NAME,
          r,
          metric,
          "metric name '" + metric + "' is not " + METRIC_NAME.pattern());
    }
    if (!Double.isFinite(r.value())) {
      return rejectReading(RejectionReason.NON_FINITE_VALUE, r, metric, "value is " + r.value());
    }
    if (r.eventTimeMs() > latest) {
      return rejectReading(
          RejectionReason.FUTURE_EVENT_TIME,
          r,
          metric,
          "event time "
              + time(r.eventTimeMs())
              + " is "
              + Duration.ofMillis(r.eventTimeMs() - now)
              + " ahead of the gateway clock (limit "
              + rules.maxEventTimeAhead()
              + ")");
    }
    if (r.eventTimeMs() < earliest) {
      return rejectReading(
          RejectionReason.STALE_EVENT_TIME,
          r,
          metric,
          "event time "
              + time(r.eventTimeMs())
              + " is older than the limit of "
              + rules.maxEventAge()
              + " before the gateway clock");
    }
    ValueRange range = rules.valueRanges().get(metric);
    if (range != null && !range.contains(r.value())) {
      return rejectReading(
          RejectionReason.VALUE_OUT_OF_RANGE,
          r,
          metric,
          "value " + r.value() + " is outside " + range.min() + ".." + range.max());
    }
    return Optional.empty();
  }

  private static Optional<RejectedReading> rejectReading(
      RejectionReason reason, ReceivedReading r, String metric, String detail) {
    return Optional.of(new RejectedReading(reason, r.seq(), metric, detail));
  }

  private static String time(long epochMs) {
    return Instant.ofEpochMilli(epochMs).toString();
  }

  private static long saturatedAdd(long a, long b) {
    long sum = a + b;
    // Overflow iff both operands have the same sign and the sum's sign differs.
    if (((a ^ sum) & (b ^ sum)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return sum;
  }
}
