package io.tern.bench.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.gateway.core.model.Reading;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReplayTest {

  /** Records what it is given, in order. */
  private static final class Recorder implements ReplayDetector {
    final List<String> calls = new ArrayList<>();

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public void accept(List<Reading> batch, long nowMs) {
      calls.add("batch@" + nowMs);
    }

    @Override
    public void tick(long nowMs) {
      calls.add("tick@" + nowMs);
    }

    @Override
    public List<Episode> episodes() {
      return List.of();
    }
  }

  private static List<Reading> batch(long t) {
    return List.of(new Reading("d", 1, t, "m", 1.0, t));
  }

  @Test
  void ticksEveryWholeSecondReached_beforeTheBatchAtOrAfterIt() {
    Recorder r = new Recorder();
    Replay replay = new Replay(List.of(r));

    replay.accept(batch(500), 500);
    replay.accept(batch(2000), 2000);
    replay.accept(batch(2500), 2500);

    assertThat(r.calls)
        .containsExactly("batch@500", "tick@1000", "tick@2000", "batch@2000", "batch@2500");
    assertThat(replay.batches()).isEqualTo(3);
  }

  @Test
  void aLongGapGetsAnHourOfTicks_thenJumpsToTheNextBatch() {
    Recorder r = new Recorder();
    Replay replay = new Replay(List.of(r));
    long tenHours = 36_000_000;

    replay.accept(batch(0), 0);
    replay.accept(batch(tenHours + 300), tenHours + 300);

    List<String> ticks = r.calls.stream().filter(c -> c.startsWith("tick")).toList();
    assertThat(ticks).hasSize(Replay.MAX_TICKS_PER_GAP + 1);
    assertThat(ticks.get(Replay.MAX_TICKS_PER_GAP - 1)).isEqualTo("tick@3600000");
    assertThat(ticks.get(Replay.MAX_TICKS_PER_GAP)).isEqualTo("tick@" + tenHours);
  }

  @Test
  void goingBackInTime_isRefused() {
    Replay replay = new Replay(List.of(new Recorder()));
    replay.accept(batch(5000), 5000);

    assertThatThrownBy(() -> replay.accept(batch(4000), 4000)).hasMessageContaining("back in time");
  }
}
