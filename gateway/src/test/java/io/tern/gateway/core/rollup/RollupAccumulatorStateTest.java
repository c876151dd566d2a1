package io.tern.gateway.core.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.core.model.Rollup;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A rollup accumulator written and read back, then fed more values, reports exactly what one that
 * was never interrupted reports: every field and every percentile of its sketch, also after the
 * sketch collapsed its lowest bins (values spanning more than its 2048 bins).
 */
class RollupAccumulatorStateTest {
  private static final double ACCURACY = 0.01;
  private static final List<Double> PERCENTILES = percentiles();

  private static List<Double> percentiles() {
    List<Double> qs = new ArrayList<>();
    for (int i = 0; i <= 100; i++) {
      qs.add(i / 100.0);
    }
    return qs;
  }

  @Provide
  Arbitrary<List<Double>> values() {
    Arbitrary<Double> sensor = Arbitraries.doubles().between(-50, 150);
    Arbitrary<Double> wide =
        Arbitraries.integers()
            .between(-300, 300)
            .map(e -> Math.pow(10, e))
            .flatMap(v -> Arbitraries.of(v, -v));
    Arbitrary<Double> zero = Arbitraries.of(0.0, -0.0);
    return Arbitraries.frequencyOf(Tuple.of(6, sensor), Tuple.of(3, wide), Tuple.of(1, zero))
        .list()
        .ofMinSize(1)
        .ofMaxSize(300);
  }

  @Property(tries = 200)
  void restoredAccumulator_continuesExactlyLikeTheOriginal(
      @ForAll("values") List<Double> values, @ForAll @IntRange(min = 1, max = 300) int cutSeed)
      throws IOException {
    int cut = 1 + cutSeed % values.size();
    RollupAccumulator original = feed(new RollupAccumulator(PERCENTILES, ACCURACY), values, 0);

    RollupAccumulator prefix =
        feed(new RollupAccumulator(PERCENTILES, ACCURACY), values.subList(0, cut), 0);
    RollupAccumulator restored = roundTrip(prefix);
    assertThat(bytes(restored)).isEqualTo(bytes(prefix));
    feed(restored, values.subList(cut, values.size()), cut);

    assertThat(emit(restored)).isEqualTo(emit(original));
    assertThat(bytes(restored)).isEqualTo(bytes(original));
  }

  @Test
  void collapsedSketch_keepsCollapsingIntoTheSameLowestBin() throws IOException {
    List<Double> values = List.of(1e-30, 1e30, 5.0);
    RollupAccumulator original = feed(new RollupAccumulator(PERCENTILES, ACCURACY), values, 0);
    RollupAccumulator restored =
        roundTrip(feed(new RollupAccumulator(PERCENTILES, ACCURACY), values, 0));

    original.add(1e-29, 10);
    restored.add(1e-29, 10);

    Rollup expected = emit(original);
    assertThat(emit(restored)).isEqualTo(expected);
    // the sketch's lowest bin now lies far above 1e-29: the collapse is what this test covers
    assertThat(expected.quantiles().get(0).value()).isGreaterThan(1.0);
  }

  @Test
  void emittedRevisionAndDirtyMark_surviveTheRoundTrip() throws IOException {
    RollupAccumulator acc = feed(new RollupAccumulator(List.of(0.5), ACCURACY), List.of(2.0), 0);
    acc.emit("d", "m", 0, 1000, List.of(0.5));
    acc.add(4.0, 1);
    acc.markDirty();

    RollupAccumulator restored = roundTrip(acc, List.of(0.5));

    assertThat(restored.isDirty()).isTrue();
    assertThat(restored.markDirty()).isFalse();
    Rollup revision = restored.emit("d", "m", 0, 1000, List.of(0.5));
    assertThat(revision.revision()).isEqualTo(1);
    assertThat(revision.count()).isEqualTo(2);
    assertThat(revision.last()).isEqualTo(4.0);
  }

  private static RollupAccumulator feed(RollupAccumulator acc, List<Double> values, int time0) {
    for (int i = 0; i < values.size(); i++) {
      acc.add(values.get(i), (time0 + i) % 7); // repeated event times: "last" ties
    }
    return acc;
  }

  private static Rollup emit(RollupAccumulator acc) {
    return acc.emit("d", "m", 0, 1000, PERCENTILES);
  }

  private static RollupAccumulator roundTrip(RollupAccumulator acc) throws IOException {
    return roundTrip(acc, PERCENTILES);
  }

  private static RollupAccumulator roundTrip(RollupAccumulator acc, List<Double> quantiles)
      throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes(acc)));
    RollupAccumulator restored = RollupAccumulator.read(quantiles, ACCURACY, in);
    assertThat(in.available()).isZero();
    return restored;
  }

  private static byte[] bytes(RollupAccumulator acc) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      acc.write(out);
    }
    return bytes.toByteArray();
  }
}
