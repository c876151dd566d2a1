package io.tern.agent.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.agent.outbox.DropCounts;
import io.tern.agent.outbox.OutboxHealth;
import io.tern.proto.v1.DeviceState;
import io.tern.proto.v1.DeviceStatus;
import org.junit.jupiter.api.Test;

/** The periodic status carries the outbox's fill figures. */
class StatusFillMappingTest {
  @Test
  void status_withHealth_carriesBytesFillAgeDropsAndOfflineBudget() {
    OutboxHealth health =
        new OutboxHealth(256L << 20, 1L << 30, 42_000, new DropCounts(3, 4, 5, 6), 7_200_000);

    DeviceStatus status = TelemetryMapper.status("dev-1", true, 9, 120, 100, 1234, "dev", health);

    assertThat(status.getState()).isEqualTo(DeviceState.DEVICE_STATE_ONLINE);
    assertThat(status.getBufferedReadings()).isEqualTo(20);
    assertThat(status.getBufferedBytes()).isEqualTo(256L << 20);
    assertThat(status.getBufferFill()).isEqualTo(0.25);
    assertThat(status.getOldestUnsentAgeMs()).isEqualTo(42_000);
    assertThat(status.getDroppedReadings()).isEqualTo(18);
    assertThat(status.getOfflineBudgetMs()).isEqualTo(7_200_000);
  }

  @Test
  void status_withoutBudget_reportsZeroFill() {
    OutboxHealth health = new OutboxHealth(1_000, 0, 0, DropCounts.NONE, -1);

    DeviceStatus status = TelemetryMapper.status("dev-1", true, 9, 5, 5, 1234, "dev", health);

    assertThat(status.getBufferFill()).isZero();
    assertThat(status.getOfflineBudgetMs()).isEqualTo(-1);
  }
}
