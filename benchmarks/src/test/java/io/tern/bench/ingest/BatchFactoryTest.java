package io.tern.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tern.proto.v1.Reading;
import io.tern.proto.v1.TelemetryBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BatchFactoryTest {
  // The gateway's rule (TelemetryValidator.METRIC_NAME), repeated so a change there is noticed.
  private static final Pattern METRIC_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  @Test
  void batchesRoundTripThroughTheDecoderWithConsecutiveSeqsAndTimesEndingNow() throws Exception {
    BatchFactory factory = new BatchFactory("bench-00007", 0xABCDL, 20, 42);
    long now = 1_700_000_000_000L;

    TelemetryBatch first = TelemetryBatch.parseFrom(factory.next(now).toByteArray());
    TelemetryBatch second = TelemetryBatch.parseFrom(factory.next(now + 5).toByteArray());

    assertThat(first.getDeviceId()).isEqualTo("bench-00007");
    assertThat(first.getStreamEpoch()).isEqualTo(0xABCDL);
    assertThat(first.getSentAtMs()).isEqualTo(now);
    assertThat(first.getReadingsCount()).isEqualTo(20);
    assertThat(first.getMetricsList()).containsExactlyElementsOf(BatchFactory.METRICS);
    assertThat(first.getMetricsList()).allMatch(m -> METRIC_NAME.matcher(m).matches());
    List<Long> seqs = new ArrayList<>();
    for (TelemetryBatch batch : List.of(first, second)) {
      for (Reading r : batch.getReadingsList()) {
        seqs.add(batch.getBaseSeq() + r.getSeqOffset());
        assertThat(r.getMetricIndex()).isLessThan(batch.getMetricsCount());
        assertThat(Double.isFinite(r.getValue())).isTrue();
      }
    }
    assertThat(seqs).isEqualTo(java.util.stream.LongStream.range(0, 40).boxed().toList());
    long lastEventTime =
        first.getBaseTimeMs() + first.getReadings(first.getReadingsCount() - 1).getTimeOffsetMs();
    assertThat(lastEventTime).isEqualTo(now);
    assertThat(first.getBaseTimeMs()).isEqualTo(now - 19);
  }

  @Test
  void fewReadingsUseOnlyTheMetricsTheyReference() {
    TelemetryBatch batch = new BatchFactory("d", 1, 2, 1).next(1000);

    assertThat(batch.getMetricsList()).containsExactly("temperature", "humidity");
    assertThat(batch.getReadingsList()).extracting(Reading::getMetricIndex).containsExactly(0, 1);
  }

  @Test
  void sameSeedSameValues() {
    TelemetryBatch a = new BatchFactory("d", 1, 10, 7).next(1000);
    TelemetryBatch b = new BatchFactory("d", 1, 10, 7).next(1000);
    TelemetryBatch c = new BatchFactory("d", 1, 10, 8).next(1000);

    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void refusesEmptyBatches() {
    assertThatThrownBy(() -> new BatchFactory("d", 1, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("positive");
  }
}
