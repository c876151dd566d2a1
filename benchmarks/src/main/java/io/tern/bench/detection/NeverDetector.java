package io.tern.bench.detection;

import io.tern.gateway.core.model.Reading;
import java.util.List;

/** The "alert never" baseline: no alerts, so no false alarms and no detections. */
public final class NeverDetector implements ReplayDetector {

  @Override
  public String name() {
    return "never";
  }

  @Override
  public void accept(List<Reading> batch, long nowMs) {}

  @Override
  public void tick(long nowMs) {}

  @Override
  public List<Episode> episodes() {
    return List.of();
  }
}
