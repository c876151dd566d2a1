package io.tern.bench.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.core.model.Reading;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The real gateway pipeline with its defaults, seen only through its alerts. */
class PipelineDetectorTest {

  @Test
  void aHugeSpikeAfterAQuietSeries_becomesAnEpisodeOnThatSeries_andNothingIsDropped() {
    PipelineDetector ours = new PipelineDetector();
    Replay replay = new Replay(List.of(ours));
    long start = 1_700_000_000_000L;
    long spikeAt = start + 900 * 1000L;
    for (int i = 0; i < 1200; i++) {
      long t = start + i * 1000L;
      double value = i == 900 ? 1000.0 : 10.0 + (i % 2) * 0.5 + (i % 3) * 0.25;
      replay.accept(
          List.of(
              new Reading("pump", 7, 2L * i, "vibration", value, t),
              new Reading("pump", 7, 2L * i + 1, "temperature", 20.0 + (i % 2) * 0.1, t)),
          t);
    }

    List<Episode> episodes = ours.episodes();

    assertThat(episodes).isNotEmpty();
    assertThat(episodes).anyMatch(e -> e.metric().equals("vibration") && e.raisedMs() == spikeAt);
    assertThat(episodes).allMatch(e -> e.deviceId().equals("pump"));
    assertThat(ours.warnings()).isEmpty();
  }

  @Test
  void duplicateReadings_areReportedAsAWarning() {
    PipelineDetector ours = new PipelineDetector();
    Reading r = new Reading("pump", 7, 0, "vibration", 1.0, 1000);

    ours.accept(List.of(r), 1000);
    ours.accept(List.of(r), 1000);

    assertThat(ours.warnings()).singleElement().asString().contains("dropped 1");
  }
}
