package io.tern.gateway.ingest;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import io.tern.gateway.core.pipeline.PipelineOutput;
import io.tern.gateway.output.MqttOutputPublisher;
import io.tern.gateway.output.OutputLog;
import io.tern.gateway.status.ActiveAlerts;
import io.tern.gateway.status.GatewayMetrics;

/**
 * Sends each pipeline output to the output log (first), MQTT subscribers, the active-alert view and
 * the counters. Called by the pipeline thread only.
 */
final class PipelineFanout implements PipelineOutput {
  private final OutputLog outputLog;
  private final MqttOutputPublisher mqtt;
  private final ActiveAlerts activeAlerts;
  private final GatewayMetrics metrics;

  PipelineFanout(
      OutputLog outputLog,
      MqttOutputPublisher mqtt,
      ActiveAlerts activeAlerts,
      GatewayMetrics metrics) {
    this.outputLog = outputLog;
    this.mqtt = mqtt;
    this.activeAlerts = activeAlerts;
    this.metrics = metrics;
  }

  @Override
  public void rollup(Rollup rollup) {
    outputLog.append(rollup);
    mqtt.publish(rollup);
    metrics.rollupEmitted();
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
}
