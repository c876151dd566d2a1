package io.tern.gateway.core.model;

import java.util.Objects;

/**
 * Seqs {@code firstSeq..lastSeq} (inclusive) of a device's stream that its agent reports it dropped
 * unsent and will never send: readings known to be lost, so consumers can tell exactly what is
 * missing (accepted at the device = delivered + reported dropped).
 *
 * @param reportedAtMs gateway time the report was received at, epoch ms
 */
public record DataGap(
    String deviceId,
    long streamEpoch,
    long firstSeq,
    long lastSeq,
    GapReason reason,
    long reportedAtMs) {

  public DataGap {
    Objects.requireNonNull(deviceId, "deviceId");
    Objects.requireNonNull(reason, "reason");
    if (firstSeq > lastSeq) {
      throw new IllegalArgumentException("firstSeq " + firstSeq + " > lastSeq " + lastSeq);
    }
  }

  /** Deterministic: {@code {deviceId}/{streamEpoch, 16 hex digits}/{firstSeq}-{lastSeq}}. */
  public String id() {
    return deviceId + "/" + String.format("%016x", streamEpoch) + "/" + firstSeq + "-" + lastSeq;
  }

  /** How many readings the gap stands for. */
  public long readings() {
    return lastSeq - firstSeq + 1;
  }
}
