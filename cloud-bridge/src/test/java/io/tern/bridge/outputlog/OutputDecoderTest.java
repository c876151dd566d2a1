package io.tern.bridge.outputlog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.bridge.output.Output;
import io.tern.bridge.output.OutputKind;
import io.tern.proto.v1.Alert;
import io.tern.proto.v1.DataGap;
import io.tern.proto.v1.GapReason;
import io.tern.proto.v1.GatewayOutput;
import io.tern.proto.v1.Rollup;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class OutputDecoderTest {

  @Test
  void decode_rollup_payloadIsTheInnerRollup() throws Exception {
    Rollup rollup = Rollup.newBuilder().setId("d/t/0/60000").setDeviceId("d").setCount(2).build();

    Decoded decoded =
        OutputDecoder.decode(GatewayOutput.newBuilder().setRollup(rollup).build().toByteArray());

    Output output = ((Decoded.Valid) decoded).output();
    assertThat(output.kind()).isEqualTo(OutputKind.ROLLUP);
    assertThat(output.id()).isEqualTo("d/t/0/60000");
    assertThat(output.deviceId()).isEqualTo("d");
    assertThat(Rollup.parseFrom(output.payload())).isEqualTo(rollup);
  }

  @Test
  void decode_alert_payloadIsTheInnerAlert() throws Exception {
    Alert alert = Alert.newBuilder().setId("a1").setDeviceId("d").setValue(3).build();

    Decoded decoded =
        OutputDecoder.decode(GatewayOutput.newBuilder().setAlert(alert).build().toByteArray());

    Output output = ((Decoded.Valid) decoded).output();
    assertThat(output.kind()).isEqualTo(OutputKind.ALERT);
    assertThat(Alert.parseFrom(output.payload())).isEqualTo(alert);
  }

  @Test
  void decode_gap_payloadIsTheInnerGap_andItsJsonNamesTheLostSeqs() throws Exception {
    DataGap gap =
        DataGap.newBuilder()
            .setId("d/0000000000000007/5-9")
            .setDeviceId("d")
            .setStreamEpoch(7)
            .setFirstSeq(5)
            .setLastSeq(9)
            .setReason(GapReason.GAP_REASON_BUDGET_AGE)
            .setReportedAtMs(1234)
            .build();

    Decoded decoded =
        OutputDecoder.decode(GatewayOutput.newBuilder().setGap(gap).build().toByteArray());

    Output output = ((Decoded.Valid) decoded).output();
    assertThat(output.kind()).isEqualTo(OutputKind.GAP);
    assertThat(output.id()).isEqualTo("d/0000000000000007/5-9");
    assertThat(DataGap.parseFrom(output.payload())).isEqualTo(gap);
    assertThat(new String(OutputJson.jsonLine(output), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"type\":\"gap\",\"id\":\"d/0000000000000007/5-9\",\"deviceId\":\"d\","
                + "\"streamEpoch\":\"0000000000000007\",\"firstSeq\":5,\"lastSeq\":9,"
                + "\"readings\":5,\"reason\":\"BUDGET_AGE\",\"reportedAtMs\":1234}\n");
  }

  @Test
  void decode_garbage_isInvalid() {
    assertThat(OutputDecoder.decode(new byte[] {(byte) 0xFF, 0x01}))
        .isInstanceOf(Decoded.Invalid.class);
  }

  @Test
  void decode_emptyOutput_isInvalid() {
    assertThat(OutputDecoder.decode(new byte[0])).isInstanceOf(Decoded.Invalid.class);
  }

  @Test
  void decode_missingDeviceId_isInvalid() {
    GatewayOutput output =
        GatewayOutput.newBuilder().setRollup(Rollup.newBuilder().setId("x")).build();

    assertThat(OutputDecoder.decode(output.toByteArray())).isInstanceOf(Decoded.Invalid.class);
  }
}
