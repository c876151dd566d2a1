package io.tern.gateway.ingest;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.pipeline.DropReason;
import io.tern.gateway.core.pipeline.PipelineOutput;
import io.tern.gateway.device.DeviceTracker;
import io.tern.gateway.device.LatestRollups;
import io.tern.gateway.output.MqttOutputPublisher;
import io.tern.gateway.output.OutputLog;
import io.tern.gateway.status.ActiveAlerts;
import io.tern.gateway.status.GatewayMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends each pipeline output to the output log (first), MQTT subscribers, the active-alert and
 * latest-rollup views, the device tracker and the counters. Called by the pipeline thread only.
 */
final class PipelineFanout implements PipelineOutput {
  private static final Logger LOG = LoggerFactory.getLogger(PipelineFanout.class);
  private final OutputLog outputLog;
  private final MqttOutputPublisher mqtt;
  private final ActiveAlerts activeAlerts;
  private final GatewayMetrics metrics;
  private final DeviceTracker devices;
  private final LatestRollups latestRollups;

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

  @Override
  public void rollup(Rollup rollup) {
    outputLog.append(rollup);
    mqtt.publish(rollup);
    latestRollups.update(rollup);
    metrics.rollupEmitted();
    if (rollup.revision() > 0) {
      metrics.rollupRevision();
    }
  }

  @Override
  public void alert(Alert alert) {
    outputLog.append(alert);
    mqtt.publish(alert);
    activeAlerts.apply(alert);
    if (alert.state() == AlertState.RAISED) {
      metrics.alertRaised();
    } else {
      metrics.alertCleared();
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
