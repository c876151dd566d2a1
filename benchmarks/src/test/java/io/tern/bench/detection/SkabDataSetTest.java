package io.tern.bench.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.core.model.Reading;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SkabDataSetTest {

  private static SkabFile file(String id, long[] times, int... anomalousRows) {
    BitSet labels = new BitSet();
    for (int r : anomalousRows) {
      labels.set(r);
    }
    double[][] values = new double[times.length][];
    for (int i = 0; i < times.length; i++) {
      values[i] = new double[] {i, -i};
    }
    return new SkabFile(id, "valve1", id + ".csv", List.of("a", "b"), times, values, labels);
  }

  @Test
  void filesAreMergedInEventTime_oneBatchPerRow_withDistinctSeqPerReading() {
    SkabDataSet data =
        new SkabDataSet(
            List.of(file("x", new long[] {0, 2000, 4000}), file("y", new long[] {1000, 2000})));
    List<String> order = new ArrayList<>();
    Set<String> ids = new HashSet<>();

    data.replay(
        (batch, t) -> {
          assertThat(batch).hasSize(2).allMatch(r -> r.eventTimeMs() == t);
          order.add(batch.get(0).deviceId() + "@" + t);
          for (Reading r : batch) {
            assertThat(ids.add(r.deviceId() + "/" + r.streamEpoch() + "/" + r.seq())).isTrue();
          }
        });

    assertThat(order).containsExactly("x@0", "y@1000", "x@2000", "y@2000", "x@4000");
  }

  @Test
  void eachRunOfAnomalousRowsIsOneSegment_endingJustAfterItsLastRow() {
    SkabDataSet data =
        new SkabDataSet(List.of(file("x", new long[] {0, 1000, 2000, 3000, 4000}, 1, 2, 4)));

    GroundTruth truth = data.replay((batch, t) -> {});

    assertThat(truth.scope()).isEqualTo(GroundTruth.Scope.DEVICE);
    assertThat(truth.segments())
        .containsExactly(
            new Segment("x", "", "valve1", 1000, 2001), new Segment("x", "", "valve1", 4000, 4001));
    assertThat(truth.rowCount()).isEqualTo(5);
    assertThat(truth.anomalousRowCount()).isEqualTo(3);
  }
}
