package io.tern.agent.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InFlightWindowTest {
  private static Batch batch(long firstSeq, long lastSeq) {
    List<Reading> readings = new ArrayList<>();
    for (long seq = firstSeq; seq <= lastSeq; seq++) {
      readings.add(new Reading(seq, "m", 0, 0));
    }
    return new Batch(readings, false, lastSeq * 10);
  }

  @Test
  void ack_inOrder_advancesToEndOfBatch() {
    InFlightWindow window = new InFlightWindow(0, -1);
    window.sent(batch(1, 3));
    window.sent(batch(4, 6));
    assertThat(window.ack(1)).isTrue();
    assertThat(window.ackedSeq()).isEqualTo(3);
    assertThat(window.ackedPosition()).isEqualTo(30);
    assertThat(window.size()).isEqualTo(1);
  }

  @Test
  void ack_outOfOrder_waitsForTheGap() {
    InFlightWindow window = new InFlightWindow(0, -1);
    window.sent(batch(1, 3));
    window.sent(batch(4, 6));
    window.sent(batch(7, 9));
    assertThat(window.ack(7)).isFalse();
    assertThat(window.ack(4)).isFalse();
    assertThat(window.ackedSeq()).isZero();
    assertThat(window.ack(1)).isTrue();
    assertThat(window.ackedSeq()).isEqualTo(9);
    assertThat(window.size()).isZero();
    assertThat(window.batchesAcked()).isEqualTo(3);
  }

  @Test
  void ack_unknownOrDuplicate_isIgnored() {
    InFlightWindow window = new InFlightWindow(10, 100);
    window.sent(batch(11, 12));
    assertThat(window.ack(99)).isFalse();
    assertThat(window.ack(11)).isTrue();
    assertThat(window.ack(11)).isFalse();
    assertThat(window.batchesAcked()).isEqualTo(1);
  }

  @Test
  void clear_keepsAckedPositionAndExpectsReplayFromIt() {
    InFlightWindow window = new InFlightWindow(0, -1);
    window.sent(batch(1, 2));
    window.sent(batch(3, 4));
    window.ack(1);
    window.clear();
    assertThat(window.ackedSeq()).isEqualTo(2);
    assertThat(window.size()).isZero();
    window.sent(batch(3, 4)); // replay starts right after the acked position
    assertThat(window.ack(3)).isTrue();
    assertThat(window.ackedSeq()).isEqualTo(4);
  }

  @Test
  void sent_rejectsGap() {
    InFlightWindow window = new InFlightWindow(5, 0);
    assertThatThrownBy(() -> window.sent(batch(7, 8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("expects 6");
  }
}
