package io.tern.agent.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BatchAssemblerTest {
  private static Reading reading(long seq) {
    return new Reading(seq, "temp", seq * 1.5, 1_000 + seq);
  }

  @Test
  void due_whenFull() {
    BatchAssembler assembler = new BatchAssembler(3, 200);
    assembler.add(reading(1), 10, 0);
    assembler.add(reading(2), 11, 0);
    assertThat(assembler.isDue(0)).isFalse();
    assembler.add(reading(3), 12, 0);
    assertThat(assembler.isDue(0)).isTrue();
  }

  @Test
  void due_whenFirstReadingLingeredLongEnough() {
    BatchAssembler assembler = new BatchAssembler(100, 200);
    assertThat(assembler.isDue(1_000_000)).isFalse();
    assembler.add(reading(1), 10, 1_000);
    assembler.add(reading(2), 11, 1_150);
    assertThat(assembler.dueAtMs()).isEqualTo(1_200);
    assertThat(assembler.isDue(1_199)).isFalse();
    assertThat(assembler.isDue(1_200)).isTrue();
  }

  @Test
  void take_returnsReadingsInOrderWithPositionOfLast() {
    BatchAssembler assembler = new BatchAssembler(10, 0);
    assembler.add(reading(5), 100, 0);
    assembler.add(reading(6), 101, 0);
    Batch batch = assembler.take(true);
    assertThat(batch.readings()).containsExactly(reading(5), reading(6));
    assertThat(batch.backlog()).isTrue();
    assertThat(batch.resumePosition()).isEqualTo(101);
    assertThat(assembler.isEmpty()).isTrue();
    assertThat(assembler.dueAtMs()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void add_rejectsGapInSeq() {
    BatchAssembler assembler = new BatchAssembler(10, 0);
    assembler.add(reading(1), 0, 0);
    assertThatThrownBy(() -> assembler.add(reading(3), 0, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expected seq 2");
  }

  @Test
  void add_rejectsBeyondMax() {
    BatchAssembler assembler = new BatchAssembler(1, 0);
    assembler.add(reading(1), 0, 0);
    assertThatThrownBy(() -> assembler.add(reading(2), 0, 0))
        .isInstanceOf(IllegalStateException.class);
  }
}
