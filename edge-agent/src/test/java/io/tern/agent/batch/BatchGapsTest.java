package io.tern.agent.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchGapsTest {
  @Test
  void assembler_takesGapsAndReadings_coveringConsecutiveSeqs() {
    BatchAssembler assembler = new BatchAssembler(10, 0);
    assembler.add(new Gap(1, 50, GapReason.BUDGET_AGE), -1, 0);
    assembler.add(new Reading(51, "m", 1, 1), 7, 0);
    assertThat(assembler.lastSeq()).isEqualTo(51);
    assertThatThrownBy(() -> assembler.add(new Gap(53, 60, GapReason.DISK_ERROR), 7, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected seq 52");

    Batch batch = assembler.take(false);

    assertThat(batch.firstSeq()).isEqualTo(1);
    assertThat(batch.lastSeq()).isEqualTo(51);
    assertThat(batch.gaps()).containsExactly(new Gap(1, 50, GapReason.BUDGET_AGE));
    assertThat(batch.readings()).containsExactly(new Reading(51, "m", 1, 1));
    assertThat(batch.resumePosition()).isEqualTo(7);
  }

  @Test
  void gap_mustBeAValidRange() {
    assertThatThrownBy(() -> new Gap(0, 3, GapReason.DISK_ERROR))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Gap(5, 4, GapReason.DISK_ERROR))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(new Gap(4, 6, GapReason.DISK_ERROR).size()).isEqualTo(3);
  }
}
