package io.tern.agent.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.agent.batch.Reading;
import net.openhft.chronicle.bytes.Bytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ExcerptLayoutTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "temp",
        "Temperatur_°C",
        "温度",
        // 130 characters: a two-byte stop-bit length
        "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm"
            + "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmmm"
      })
  void cachedEncoding_readsBackAsTheReading_andIsWhatChronicleWritesForTheName(String metric) {
    EncodedNames names = new EncodedNames();
    Bytes<byte[]> excerpt = Bytes.allocateElasticOnHeap();
    ExcerptLayout.write(excerpt, 7, names.of(metric), 21.5, 1_700_000_000_123L);

    Bytes<byte[]> chronicle = Bytes.allocateElasticOnHeap();
    chronicle.writeUtf8(metric);
    assertThat(names.of(metric)).isEqualTo(chronicle.toByteArray());
    assertThat(ExcerptLayout.sizeOf(names.of(metric))).isEqualTo(4 + excerpt.readRemaining());
    assertThat(ExcerptLayout.read(excerpt, 0))
        .isEqualTo(new Reading(7, metric, 21.5, 1_700_000_000_123L));
  }

  @Test
  void namesBeyondTheCap_areStillEncoded_butNotKept() {
    EncodedNames names = new EncodedNames();
    for (int i = 0; i < EncodedNames.MAX_NAMES; i++) {
      names.of("m" + i);
    }
    byte[] first = names.of("m0");
    byte[] extra = names.of("extra");

    assertThat(names.of("m0")).isSameAs(first);
    assertThat(names.of("extra")).isEqualTo(extra).isNotSameAs(extra);
  }
}
