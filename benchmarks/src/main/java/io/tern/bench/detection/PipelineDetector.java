package io.tern.bench.detection;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.pipeline.DropReason;
import io.tern.gateway.core.pipeline.Pipeline;
import io.tern.gateway.core.pipeline.PipelineOutput;
import io.tern.gateway.core.pipeline.PipelineSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * "ours": the gateway's whole core {@link Pipeline} with {@link PipelineSettings#defaults()} (the
 * same defaults for every data set), observed only through its alerts: a RAISED alert opens an
 * episode, the CLEARED alert with the same id closes it. Rollups are discarded. Replay thread only.
 */
public final class PipelineDetector implements ReplayDetector, PipelineOutput {
  private final Pipeline pipeline;
  private final Map<String, Alert> active = new LinkedHashMap<>();
  private final List<Episode> closed = new ArrayList<>();
  private long dropped;
  private long late;
  private long unmatchedClears;
  private long repeatedRaises;

  public PipelineDetector() {
    this(PipelineSettings.defaults());
  }

  public PipelineDetector(PipelineSettings settings) {
    this.pipeline = new Pipeline(settings, this);
  }

  @Override
  public String name() {
    return "ours";
  }

  @Override
  public void accept(List<Reading> batch, long nowMs) {
    pipeline.accept(batch, nowMs);
  }

  @Override
  public void tick(long nowMs) {
    pipeline.tick(nowMs);
  }

  @Override
  public List<Episode> episodes() {
    List<Episode> all = new ArrayList<>(closed);
    for (Alert a : active.values()) {
      all.add(Episode.open(a.deviceId(), a.metric(), a.kind().name(), a.eventTimeMs()));
    }
    return all;
  }

  @Override
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    if (dropped > 0 || late > 0) {
      warnings.add("the pipeline dropped " + dropped + " and called " + late + " readings late");
    }
    if (unmatchedClears > 0 || repeatedRaises > 0) {
      warnings.add(
          unmatchedClears
              + " CLEARED alerts without a RAISED one, "
              + repeatedRaises
              + " RAISED alerts for an already active id");
    }
    return warnings;
  }

  @Override
  public void alert(Alert alert) {
    if (alert.state() == AlertState.RAISED) {
      if (active.putIfAbsent(alert.id(), alert) != null) {
        repeatedRaises++;
      }
      return;
    }
    Alert raised = active.remove(alert.id());
    if (raised == null) {
      unmatchedClears++;
      return;
    }
    closed.add(
        new Episode(
            raised.deviceId(),
            raised.metric(),
            raised.kind().name(),
            raised.eventTimeMs(),
            Math.max(raised.eventTimeMs(), alert.eventTimeMs())));
  }

  @Override
  public void rollup(Rollup rollup) {}

  @Override
  public void lateReading(Reading reading) {
    late++;
  }

  @Override
  public void dropped(Reading reading, DropReason reason) {
    dropped++;
  }

  @Override
  public void dedupeStreamEvicted(String deviceId, long streamEpoch) {}
}
