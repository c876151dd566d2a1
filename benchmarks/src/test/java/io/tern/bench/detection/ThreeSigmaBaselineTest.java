package io.tern.bench.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.gateway.core.model.Reading;
import java.util.List;
import org.junit.jupiter.api.Test;

class ThreeSigmaBaselineTest {
  private final ThreeSigmaBaseline baseline = new ThreeSigmaBaseline(4);
  private long seq;

  private void feed(String metric, double... values) {
    for (double v : values) {
      long t = seq * 1000;
      baseline.accept(List.of(new Reading("d", 1, seq++, metric, v, t)), t);
    }
  }

  @Test
  void raisesOutsideThreeSigmaOfThePreviousWindow_andClearsOnTheFirstReadingBackInside() {
    // window 10, 12, 10, 12: mean 11, stddev 1; 14.5 is 3.5 sigma out
    feed("a", 10, 12, 10, 12, 14.5);
    // window 12, 10, 12, 14.5: mean 12.125, stddev 1.596; 12 is inside
    feed("a", 12);

    assertThat(baseline.episodes()).containsExactly(new Episode("d", "a", "3SIGMA", 4000, 5000));
  }

  @Test
  void justInsideThreeSigma_doesNotRaise() {
    feed("a", 10, 12, 10, 12, 13.99, 8.01);

    assertThat(baseline.episodes()).isEmpty();
  }

  @Test
  void nothingBeforeTheWindowIsFull() {
    feed("a", 1, 1000, -1000);

    assertThat(baseline.episodes()).isEmpty();
  }

  @Test
  void theWindowSlidesOverAnomalousReadings() {
    // 100 raises; once it is in the window the stddev is large, so 20 no longer raises
    feed("a", 10, 12, 10, 12, 100, 12, 20);

    assertThat(baseline.episodes()).containsExactly(new Episode("d", "a", "3SIGMA", 4000, 5000));
  }

  @Test
  void aConstantWindowRaisesOnAnyChange_andAnActiveEpisodeStaysOpen() {
    feed("a", 5, 5, 5, 5, 5, 5.001, 5.002);

    // the window 5, 5, 5, 5.001 has a tiny stddev: 5.002 is still outside
    assertThat(baseline.episodes()).containsExactly(Episode.open("d", "a", "3SIGMA", 5000));
  }

  @Test
  void seriesAreIndependent() {
    feed("a", 10, 12, 10, 12);
    feed("b", 50);
    feed("a", 14.5);

    assertThat(baseline.episodes()).containsExactly(Episode.open("d", "a", "3SIGMA", 5000));
  }

  @Test
  void aWindowOfOneIsRefused() {
    assertThatThrownBy(() -> new ThreeSigmaBaseline(1)).hasMessageContaining("window");
  }
}
