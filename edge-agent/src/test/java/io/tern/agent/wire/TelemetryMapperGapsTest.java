package io.tern.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.agent.batch.Batch;
import io.tern.agent.batch.Gap;
import io.tern.agent.batch.GapReason;
import io.tern.agent.batch.Reading;
import io.tern.agent.batch.StreamEntry;
import io.tern.agent.outbox.DropCounts;
import io.tern.agent.outbox.OutboxHealth;
import io.tern.proto.v1.DeviceStatus;
import io.tern.proto.v1.TelemetryBatch;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelemetryMapperGapsTest {
  @Test
  void gapsTravelWithAbsoluteSeqs_besideTheReadings() throws Exception {
    List<StreamEntry> entries =
        List.of(
            new Gap(10, 19, GapReason.BUDGET_BYTES),
            new Reading(20, "temp", 1.5, 5_000),
            new Gap(21, 21, GapReason.DISK_ERROR),
            new Reading(22, "temp", 2.5, 6_000));

    TelemetryBatch decoded =
        TelemetryBatch.parseFrom(TelemetryMapper.encode("d", 7, new Batch(entries, false, 3), 1));

    assertThat(decoded.getBaseSeq()).isEqualTo(10);
    assertThat(TelemetryMapper.readings(decoded))
        .containsExactly(new Reading(20, "temp", 1.5, 5_000), new Reading(22, "temp", 2.5, 6_000));
    assertThat(TelemetryMapper.gaps(decoded))
        .containsExactly(
            new Gap(10, 19, GapReason.BUDGET_BYTES), new Gap(21, 21, GapReason.DISK_ERROR));
    assertThat(decoded.getGaps(0).getReason())
        .isEqualTo(io.tern.proto.v1.GapReason.GAP_REASON_BUDGET_BYTES);
  }

  @Test
  void aBatchMayCarryOnlyGaps() throws Exception {
    Batch batch = new Batch(List.of(new Gap(5, 9, GapReason.REJECTED_NEW)), true, -1);
    TelemetryBatch decoded = TelemetryBatch.parseFrom(TelemetryMapper.encode("d", 7, batch, 1));
    assertThat(decoded.getReadingsCount()).isZero();
    assertThat(decoded.getBaseSeq()).isEqualTo(5);
    assertThat(TelemetryMapper.gaps(decoded))
        .containsExactly(new Gap(5, 9, GapReason.REJECTED_NEW));
  }

  @Test
  void status_carriesTheOutboxFigures() {
    OutboxHealth health = new OutboxHealth(100, 1_000, 42_000, new DropCounts(1, 2, 3, 4), 9_000);
    DeviceStatus status = TelemetryMapper.status("d", true, 7, 20, 10, 5, "v", health);
    assertThat(status.getBufferedBytes()).isEqualTo(100);
    assertThat(status.getBufferFill()).isEqualTo(0.1);
    assertThat(status.getOldestUnsentAgeMs()).isEqualTo(42_000);
    assertThat(status.getDroppedReadings()).isEqualTo(10);
    assertThat(status.getOfflineBudgetMs()).isEqualTo(9_000);
    assertThat(TelemetryMapper.status("d", true, 7, 20, 10, 5, "v").getOfflineBudgetMs())
        .isEqualTo(-1);
  }
}
