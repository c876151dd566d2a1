package io.tern.gateway.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.core.model.Alert;
import io.tern.gateway.core.model.AlertState;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.Rollup;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineTest {
  private static final long T0 = 1_700_000_000_000L;
  private static final InstantSource CLOCK = InstantSource.fixed(Instant.ofEpochMilli(99));

  /** Records outputs in order, as strings, to compare runs. */
  private static final class Recorder implements PipelineOutput {
    final List<Object> outputs = new ArrayList<>();

    @Override
    public void rollup(Rollup rollup) {
      outputs.add(rollup);
    }

    @Override
    public void alert(Alert alert) {
      outputs.add(alert);
    }

    @Override
    public void lateReading(Reading reading) {
      outputs.add("late " + reading);
    }
  }

  private static List<Reading> input() {
    List<Reading> readings = new ArrayList<>();
    for (int i = 0; i < 80; i++) {
      double value = i == 45 ? 500.0 : 10.0 + (i % 3) * 0.1;
      readings.add(new Reading("d", 7, i, "temp", value, T0 + i * 500L));
      readings.add(new Reading("d", 7, 1000 + i, "hum", 40.0 + (i % 2), T0 + i * 500L));
    }
    readings.add(new Reading("d", 7, 5000, "temp", 10.1, T0)); // its window long closed
    return readings;
  }

  private static List<Object> run(List<Reading> readings) {
    Recorder recorder = new Recorder();
    Pipeline pipeline = new Pipeline(PipelineSettings.defaults(), CLOCK, recorder);
    readings.forEach(pipeline::accept);
    return recorder.outputs;
  }

  @Test
  void emitsRollupsAlertsAndLateReadings() {
    List<Object> outputs = run(input());

    // Watermark T0 + 39.5 s: windows [0,10), [10,20), [20,30) are closed, for 2 metrics each.
    assertThat(outputs.stream().filter(Rollup.class::isInstance)).hasSize(6);
    assertThat(outputs.stream().filter(Rollup.class::isInstance).map(o -> ((Rollup) o).count()))
        .containsOnly(20L);
    List<Alert> alerts =
        outputs.stream().filter(Alert.class::isInstance).map(Alert.class::cast).toList();
    assertThat(alerts)
        .extracting(Alert::state, Alert::metric)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(AlertState.RAISED, "temp"),
            org.assertj.core.groups.Tuple.tuple(AlertState.CLEARED, "temp"));
    assertThat(alerts.get(0).detectedAtMs()).isEqualTo(99);
    assertThat(outputs.get(outputs.size() - 1)).asString().startsWith("late Reading[deviceId=d");
  }

  @Test
  void isDeterministic() {
    assertThat(run(input())).isEqualTo(run(input()));
  }
}
