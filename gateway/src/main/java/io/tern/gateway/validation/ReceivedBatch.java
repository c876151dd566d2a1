package io.tern.gateway.validation;

import java.util.List;

/**
 * One telemetry message as received, decoded from the wire but not yet checked: any field may be
 * unset or inconsistent.
 *
 * @param deviceId the payload's device id ({@code ""} when unset)
 * @param streamEpoch the payload's stream epoch ({@code 0} when unset)
 * @param metrics the message's metric-name dictionary
 * @param readings the readings, in the order the device sent them
 * @param gaps the runs of seqs the agent reports as dropped unsent (a message may carry gaps and no
 *     readings)
 */
public record ReceivedBatch(
    String deviceId,
    long streamEpoch,
    List<String> metrics,
    List<ReceivedReading> readings,
    List<ReceivedGap> gaps) {

  public ReceivedBatch {
    metrics = List.copyOf(metrics);
    readings = List.copyOf(readings);
    gaps = List.copyOf(gaps);
  }

  /** A message without gap reports. */
  public ReceivedBatch(
      String deviceId, long streamEpoch, List<String> metrics, List<ReceivedReading> readings) {
    this(deviceId, streamEpoch, metrics, readings, List.of());
  }

  /**
   * One reading as received.
   *
   * @param seq position in the device's stream (base seq + offset)
   * @param metricIndex index into the message's metric dictionary (unsigned on the wire)
   * @param value the value, possibly not finite
   * @param eventTimeMs event time, epoch ms (base time + offset)
   */
  public record ReceivedReading(long seq, long metricIndex, double value, long eventTimeMs) {}

  /**
   * One run of seqs reported dropped, as received.
   *
   * @param reason the wire's {@code GapReason} number (unknown numbers are possible)
   */
  public record ReceivedGap(long firstSeq, long lastSeq, int reason) {}
}
