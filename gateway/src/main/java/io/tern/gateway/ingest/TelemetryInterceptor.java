package io.tern.gateway.ingest;

import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import io.tern.gateway.status.GatewayMetrics;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes telemetry in-process: every PUBLISH on {@code tern/v1/telemetry/...} is decoded and handed
 * to the {@link PipelineRunner}, and never delivered to MQTT subscribers. The sender gets SUCCESS
 * when the batch is queued, PAYLOAD_FORMAT_INVALID / TOPIC_NAME_INVALID for bad input (counted as a
 * decode error) and QUOTA_EXCEEDED when the pipeline queue is full (retry later). Other topics pass
 * through untouched.
 *
 * <p>Threading: called concurrently by HiveMQ's extension threads; never blocks.
 */
@Singleton
public final class TelemetryInterceptor implements PublishInboundInterceptor {
  private static final Logger LOG = LoggerFactory.getLogger(TelemetryInterceptor.class);

  private final PipelineRunner runner;
  private final GatewayMetrics metrics;
  private final DecodeErrorLog errorLog = new DecodeErrorLog();

  public TelemetryInterceptor(PipelineRunner runner, GatewayMetrics metrics) {
    this.runner = runner;
    this.metrics = metrics;
  }

  @Override
  public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
    PublishPacket packet = input.getPublishPacket();
    String topic = packet.getTopic();
    if (!TelemetryDecoder.isTelemetry(topic)) {
      return;
    }
    ByteBuffer payload = packet.getPayload().orElse(ByteBuffer.allocate(0));
    DecodeResult result = TelemetryDecoder.decode(topic, payload);
    if (result instanceof DecodeResult.Decoded decoded) {
      enqueue(input.getClientInformation().getClientId(), decoded.batch(), output);
    } else if (result instanceof DecodeResult.Rejected rejected) {
      metrics.decodeError();
      errorLog.report(input.getClientInformation().getClientId(), topic, rejected);
      AckReasonCode code =
          rejected.reason() == DecodeResult.Reason.BAD_TOPIC
              ? AckReasonCode.TOPIC_NAME_INVALID
              : AckReasonCode.PAYLOAD_FORMAT_INVALID;
      output.preventPublishDelivery(code, rejected.detail());
    }
  }

  private void enqueue(String clientId, IngestBatch batch, PublishInboundOutput output) {
    if (runner.offer(batch)) {
      output.preventPublishDelivery();
      return;
    }
    metrics.busyRejection();
    LOG.debug("Pipeline busy or stopping, refused a batch from client '{}'", clientId);
    output.preventPublishDelivery(
        AckReasonCode.QUOTA_EXCEEDED, "gateway busy or stopping, retry later");
  }
}
