package io.tern.gateway.ingest;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.pipeline.DropReason;
import io.tern.gateway.core.pipeline.PipelineOutput;
import io.tern.gateway.device.DeviceTracker;
import io.tern.gateway.device.LatestRollups;
import io.tern.gateway.output.MqttOutputPublisher;
import io.tern.gateway.output.OutputLog;
import io.tern.gateway.output.OutputLog.Source;
import io.tern.gateway.status.ActiveAlerts;
import io.tern.gateway.status.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each pipeline output to the output log (first), MQTT subscribers, the active-alert and
 * latest-rollup views, the device tracker and the counters. Called by the pipeline thread only.
 *
 * <p>Each output gets its {@link Source}: the journal entry being processed ({@link #beginEntry})
 * and its position among that entry's outputs. During recovery, outputs at or before the last
 * source already in the output log were emitted before the crash: they update the views only, so
 * none reaches the log or MQTT twice.
 */
final class PipelineFanout implements PipelineOutput {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineFanout.class);
  private final OutputLog outputLog;
  private final MqttOutputPublisher mqtt;
  private final ActiveAlerts activeAlerts;
  private final GatewayMetrics metrics;
  private final DeviceTracker devices;
  private final LatestRollups latestRollups;
  private Source emittedThrough = Source.NONE;
  private long entryIndex = -1;
  private int ordinal;

  PipelineFanout(
      OutputLog outputLog,
      MqttOutputPublisher mqtt,
      ActiveAlerts activeAlerts,
      GatewayMetrics metrics,
      DeviceTracker devices,
      LatestRollups latestRollups) {
    this.outputLog = outputLog;
    this.mqtt = mqtt;
    this.activeAlerts = activeAlerts;
    this.metrics = metrics;
    this.devices = devices;
    this.latestRollups = latestRollups;
  }

  /** Outputs up to this source are already in the output log: do not emit them again. */
  void emittedThrough(Source source) {
    emittedThrough = source;
  }

  /** The journal entry whose outputs follow. */
  void beginEntry(long journalIndex) {
    entryIndex = journalIndex;
    ordinal = 0;
  }

  /** The source of the next output, or null if it was emitted before (recovery). */
  private Source nextSource() {
    Source source = new Source(entryIndex, ++ordinal);
    return source.isAfter(emittedThrough) ? source : null;
  }

  @Override
  public void rollup(Rollup rollup) {
    latestRollups.update(rollup);
    Source source = nextSource();
    if (source == null) {
      return;
    }
    outputLog.append(rollup, source);
    publishSafely(() -> mqtt.publish(rollup), rollup.id());
    metrics.rollupEmitted();
    if (rollup.revision() > 0) {
      metrics.rollupRevision();
    }
  }

  @Override
  public void alert(Alert alert) {
    activeAlerts.apply(alert);
    Source source = nextSource();
    if (source == null) {
      return;
    }
    outputLog.append(alert, source);
    publishSafely(() -> mqtt.publish(alert), alert.id());
    if (alert.state() == AlertState.RAISED) {
      metrics.alertRaised();
    } else {
      metrics.alertCleared();
    }
  }

  @Override
  public void gap(DataGap gap) {
    Source source = nextSource();
    if (source == null) {
      return;
    }
    outputLog.append(gap, source);
    publishSafely(() -> mqtt.publish(gap), gap.id());
    metrics.reportedLost(gap.readings());
    LOG.info(
        "Device '{}' reports {} readings lost (seqs {}..{}, {})",
        gap.deviceId(),
        gap.readings(),
        gap.firstSeq(),
        gap.lastSeq(),
        gap.reason());
  }

  /**
   * MQTT is a best-effort copy of the output log: whatever goes wrong there must not cut the
   * pipeline's output sequence short (the rest of an entry's outputs would be lost).
   */
  private static void publishSafely(Runnable publish, String id) {
    try {
      publish.run();
    } catch (RuntimeException e) {
      LOG.warn("Could not publish {} to MQTT (it is in the output log)", id, e);
    }
  }

  @Override
  public void lateReading(Reading reading) {
    metrics.lateReading();
  }

  @Override
  public void dropped(Reading reading, DropReason reason) {
    switch (reason) {
      case DUPLICATE -> {
        metrics.duplicate();
        devices.dropped();
      }
      case BEYOND_DEDUPE_WINDOW -> {
        metrics.beyondDedupeWindow();
        devices.dropped();
      }
      case TOO_LATE -> metrics.lateDropped();
    }
  }

  @Override
  public void dedupeStreamEvicted(String deviceId, long streamEpoch) {
    metrics.dedupeStreamEvicted();
    LOG.info(
        "Dedupe forgot stream {} of device '{}' for a newer one; a replay of it would count again",
        Long.toUnsignedString(streamEpoch, 16),
        deviceId);
  }
}
