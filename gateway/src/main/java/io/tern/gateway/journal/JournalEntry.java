package io.tern.gateway.journal;

import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.Reading;
import java.util.List;

/**
 * One entry of the ingest journal: what the pipeline is given, with the gateway time it happened
 * at, so that a replay of the journal reproduces every output.
 */
public sealed interface JournalEntry {

  /** Gateway time of the entry, epoch ms (the pipeline's {@code nowMs}). */
  long timeMs();

  /**
   * The valid readings of one accepted telemetry message, in the order the device sent them, and
   * the gaps (seqs dropped unsent) it reported.
   */
  record Batch(long timeMs, String deviceId, List<Reading> readings, List<DataGap> gaps)
      implements JournalEntry {
    public Batch {
      readings = List.copyOf(readings);
      gaps = List.copyOf(gaps);
    }

    /** A batch without gap reports. */
    public Batch(long timeMs, String deviceId, List<Reading> readings) {
      this(timeMs, deviceId, readings, List.of());
    }
  }

  /**
   * A device's own word on its state, from its status topic: {@code online} false when its agent
   * announced OFFLINE (the MQTT will after a lost connection, or a clean shutdown).
   */
  record Status(long timeMs, String deviceId, boolean online) implements JournalEntry {}

  /** A clock tick: lets the pipeline close the windows of devices that went quiet. */
  record Tick(long timeMs) implements JournalEntry {}
}
