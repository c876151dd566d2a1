package io.tern.bridge;

import io.tern.proto.v1.Alert;
import io.tern.proto.v1.AlertKind;
import io.tern.proto.v1.AlertState;
import io.tern.proto.v1.GatewayOutput;
import io.tern.proto.v1.Rollup;
import io.tern.proto.v1.Severity;
import java.nio.file.Path;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;

/** Test stand-in for the gateway: appends entries to an output log exactly as the gateway does. */
final class OutputLogWriter implements AutoCloseable {

  private final SingleChronicleQueue queue;
  private final ExcerptAppender appender;

  OutputLogWriter(Path directory) {
    this.queue = SingleChronicleQueueBuilder.binary(directory).build();
    this.appender = queue.createAppender();
  }

  void write(GatewayOutput output) {
    appender.writeBytes(Bytes.wrapForRead(output.toByteArray()));
  }

  void writeRaw(byte[] entry) {
    appender.writeBytes(Bytes.wrapForRead(entry));
  }

  @Override
  public void close() {
    queue.close();
  }

  static GatewayOutput rollup(String deviceId, String metric, long windowStartMs) {
    long windowMs = 60_000;
    return GatewayOutput.newBuilder()
        .setRollup(
            Rollup.newBuilder()
                .setId(deviceId + "/" + metric + "/" + windowStartMs + "/" + windowMs)
                .setDeviceId(deviceId)
                .setMetric(metric)
                .setWindowStartMs(windowStartMs)
                .setWindowMs(windowMs)
                .setCount(3)
                .setMin(1)
                .setMax(3)
                .setSum(6)
                .setMean(2)
                .setLast(3))
        .build();
  }

  static GatewayOutput alert(String deviceId, String metric, long eventTimeMs) {
    return GatewayOutput.newBuilder()
        .setAlert(
            Alert.newBuilder()
                .setId(deviceId + "/" + metric + "/SPIKE/" + eventTimeMs)
                .setDeviceId(deviceId)
                .setMetric(metric)
                .setKind(AlertKind.ALERT_KIND_SPIKE)
                .setSeverity(Severity.SEVERITY_WARNING)
                .setState(AlertState.ALERT_STATE_RAISED)
                .setValue(99.5)
                .setEventTimeMs(eventTimeMs)
                .setDetectedAtMs(eventTimeMs + 10)
                .setScore(0.9)
                .setMessage("spike"))
        .build();
  }
}
