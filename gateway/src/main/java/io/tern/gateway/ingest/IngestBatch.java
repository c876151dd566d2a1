package io.tern.gateway.ingest;

import io.tern.gateway.core.model.Reading;
import java.util.List;

/** The readings of one accepted telemetry message, in the order the device sent them. */
public record IngestBatch(String deviceId, List<Reading> readings) {

  public IngestBatch {
    readings = List.copyOf(readings);
  }
}
