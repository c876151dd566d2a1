package io.tern.bridge.sink.kafka;

import io.tern.bridge.output.Output;
import io.tern.bridge.output.OutputKind;
import io.tern.bridge.outputlog.OutputJson;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The Kafka record layout of an output: key = device id (UTF-8), value = the Protobuf bytes of the
 * rollup or alert (or its JSON, {@link ValueFormat#JSON}), headers {@value #CONTENT_TYPE_HEADER}
 * ({@code application/x-protobuf} or {@code application/json}) and {@value #SCHEMA_HEADER} ({@value
 * #ROLLUP_SCHEMA} or {@value #ALERT_SCHEMA}). Consumers depend on this layout.
 */
public final class OutputRecords {

  public static final String CONTENT_TYPE_HEADER = "content-type";
  public static final String SCHEMA_HEADER = "tern.schema";
  public static final String ROLLUP_SCHEMA = "tern.v1.Rollup";
  public static final String ALERT_SCHEMA = "tern.v1.Alert";
  public static final String GAP_SCHEMA = "tern.v1.DataGap";

  private final KafkaSinkConfig config;

  OutputRecords(KafkaSinkConfig config) {
    this.config = config;
  }

  ProducerRecord<byte[], byte[]> toRecord(Output output) {
    RecordHeaders headers = new RecordHeaders();
    ValueFormat format = config.valueFormat();
    headers.add(CONTENT_TYPE_HEADER, format.contentType().getBytes(StandardCharsets.UTF_8));
    headers.add(SCHEMA_HEADER, schema(output.kind()).getBytes(StandardCharsets.UTF_8));
    return new ProducerRecord<>(
        topic(output.kind()),
        null,
        output.deviceId().getBytes(StandardCharsets.UTF_8),
        format == ValueFormat.JSON ? OutputJson.json(output) : output.payload(),
        headers);
  }

  String topic(OutputKind kind) {
    return switch (kind) {
      case ROLLUP -> config.rollupsTopic();
      case ALERT -> config.alertsTopic();
      case GAP -> config.gapsTopic();
    };
  }

  private static String schema(OutputKind kind) {
    return switch (kind) {
      case ROLLUP -> ROLLUP_SCHEMA;
      case ALERT -> ALERT_SCHEMA;
      case GAP -> GAP_SCHEMA;
    };
  }
}
