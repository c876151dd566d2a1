package io.tern.agent.source.csv;

import static io.tern.agent.source.csv.CsvTimestamps.parseEpochMillis;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvTimestampsTest {
  private static final long NOON = Instant.parse("2024-03-01T12:00:00Z").toEpochMilli();

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-03-01T12:00:00Z",
        "2024-03-01T12:00:00",
        "2024-03-01 12:00:00",
        "2024-03-01 12:00",
        "2024-03-01t12:00:00z",
        "2024-03-01T13:00:00+01:00",
        "2024-03-01T13:00:00+0100",
        "2024-03-01 13:00:00+01",
        "2024-03-01T06:30:00-05:30",
        "2024-03-01T12:00:00.000",
        "1709294400",
        "1709294400000",
        "1709294400.000"
      })
  void parse_everyFormat_isTheSameInstant(String text) {
    assertThat(parseEpochMillis(text)).isEqualTo(NOON);
  }

  @ParameterizedTest
  @CsvSource({
    "2024-03-01T12:00:00.25Z, 250",
    "2024-03-01 12:00:00.123456789, 123",
    "1709294400.25, 250",
    "1709294400.123, 123",
    "1709294400000.9, 0",
  })
  void parse_fractions_truncatedToMillis(String text, long extraMillis) {
    assertThat(parseEpochMillis(text)).isEqualTo(NOON + extraMillis);
  }

  @ParameterizedTest
  @CsvSource({
    // The boundary between seconds and milliseconds is 1e11.
    "99999999999, 99999999999000",
    "100000000000, 100000000000",
    "0, 0",
    "-1, -1000",
  })
  void parse_epochUnit_isDecidedByMagnitude(String text, long expected) {
    assertThat(parseEpochMillis(text)).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "yesterday",
        "2024-03-01",
        "2024-13-01T00:00:00",
        "2024-03-01T12:00:00+01:00Z",
        "2024-03-01  12:00:00",
        "1.7e9",
        "1709294400000000"
      })
  void parse_badTimestamps_sayWhy(String text) {
    assertThatThrownBy(() -> parseEpochMillis(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageMatching(".*(timestamp|micro).*");
  }
}
