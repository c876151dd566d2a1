package io.tern.bridge.outputlog;

import com.google.protobuf.InvalidProtocolBufferException;
import io.tern.bridge.output.Output;
import io.tern.bridge.output.OutputKind;
import io.tern.proto.v1.Alert;
import io.tern.proto.v1.DataGap;
import io.tern.proto.v1.GatewayOutput;
import io.tern.proto.v1.Rollup;

/**
 * The one mapper between the output log's Protobuf entries ({@code GatewayOutput}) and {@link
 * Output}: the delivered payload is the serialized inner {@code Rollup} or {@code Alert}.
 * Stateless.
 */
final class OutputDecoder {

  private OutputDecoder() {}

  static Decoded decode(byte[] entry) {
    GatewayOutput output;
    try {
      output = GatewayOutput.parseFrom(entry);
    } catch (InvalidProtocolBufferException e) {
      return new Decoded.Invalid("not a tern.v1.GatewayOutput: " + e.getMessage());
    }
    switch (output.getOutputCase()) {
      case ROLLUP:
        return rollup(output.getRollup());
      case ALERT:
        return alert(output.getAlert());
      case GAP:
        return gap(output.getGap());
      case OUTPUT_NOT_SET:
      default:
        return new Decoded.Invalid("GatewayOutput holds no rollup, alert or gap");
    }
  }

  private static Decoded rollup(Rollup rollup) {
    if (rollup.getDeviceId().isEmpty()) {
      return new Decoded.Invalid("rollup " + rollup.getId() + " has no device_id");
    }
    return new Decoded.Valid(
        new Output(OutputKind.ROLLUP, rollup.getId(), rollup.getDeviceId(), rollup.toByteArray()));
  }

  private static Decoded gap(DataGap gap) {
    if (gap.getDeviceId().isEmpty()) {
      return new Decoded.Invalid("gap " + gap.getId() + " has no device_id");
    }
    return new Decoded.Valid(
        new Output(OutputKind.GAP, gap.getId(), gap.getDeviceId(), gap.toByteArray()));
  }

  private static Decoded alert(Alert alert) {
    if (alert.getDeviceId().isEmpty()) {
      return new Decoded.Invalid("alert " + alert.getId() + " has no device_id");
    }
    return new Decoded.Valid(
        new Output(OutputKind.ALERT, alert.getId(), alert.getDeviceId(), alert.toByteArray()));
  }
}
