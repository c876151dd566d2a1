package io.tern.bench.detection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Synthetic files in the SKAB layout and format (no SKAB data). */
class SkabReaderTest {
  @TempDir Path dir;

  private static final String HEADER =
      "datetime;Accelerometer1RMS;Volume Flow RateRMS;anomaly;changepoint";

  private void write(String relative, String... lines) throws IOException {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
  }

  @Test
  void readsValuesLabelsAndUtcTimes_withSanitisedNames() throws IOException {
    write(
        "valve1/3.csv",
        HEADER,
        "2020-03-09 10:14:33;0.0265;32.0;0.0;0.0",
        "2020-03-09 10:14:34;0.0261;31.5;1.0;1.0",
        "2020-03-09 10:14:36;0.0300;30.0;1.0;0.0");

    List<SkabFile> files = SkabReader.readAll(dir, line -> {});

    assertThat(files).hasSize(1);
    SkabFile f = files.get(0);
    assertThat(f.deviceId()).isEqualTo("skab-valve1-3");
    assertThat(f.group()).isEqualTo("valve1");
    assertThat(f.source()).isEqualTo("valve1/3.csv");
    assertThat(f.metrics()).containsExactly("accelerometer1rms", "volume_flow_raterms");
    assertThat(f.timesMs())
        .containsExactly(
            Instant.parse("2020-03-09T10:14:33Z").toEpochMilli(),
            Instant.parse("2020-03-09T10:14:34Z").toEpochMilli(),
            Instant.parse("2020-03-09T10:14:36Z").toEpochMilli());
    assertThat(f.values()[1]).containsExactly(0.0261, 31.5);
    assertThat(f.anomalous().stream()).containsExactly(1, 2);
  }

  @Test
  void aFileWithoutLabels_isAllNormal_andNamedAfterItsFolder() throws IOException {
    write(
        "anomaly-free/anomaly-free.csv",
        "datetime;Current;Pressure",
        "2020-02-08 13:30:47;2.1;0.38",
        "2020-02-08 13:30:48;2.0;-0.27");

    SkabFile f = SkabReader.readAll(dir, line -> {}).get(0);

    assertThat(f.deviceId()).isEqualTo("skab-anomaly-free");
    assertThat(f.metrics()).containsExactly("current", "pressure");
    assertThat(f.anomalous().isEmpty()).isTrue();
    assertThat(f.rows()).isEqualTo(2);
  }

  @Test
  void filesAreOrderedByFolderThenNumber_withOneProgressLineEach() throws IOException {
    for (String name : List.of("valve2/0.csv", "valve1/10.csv", "valve1/2.csv", "other/1.csv")) {
      write(name, HEADER, "2020-03-09 10:14:33;1;2;0;0");
    }
    List<String> progress = new ArrayList<>();

    List<SkabFile> files = SkabReader.readAll(dir, progress::add);

    assertThat(files)
        .extracting(SkabFile::deviceId)
        .containsExactly("skab-other-1", "skab-valve1-2", "skab-valve1-10", "skab-valve2-0");
    assertThat(progress).hasSize(4);
    assertThat(progress.get(2)).contains("valve1/10.csv", "skab-valve1-10", "1 rows");
  }

  @Test
  void aBadValue_isReportedWithFileLineAndColumn() throws IOException {
    write("valve1/0.csv", HEADER, "2020-03-09 10:14:33;1;2;0;0", "2020-03-09 10:14:34;x;2;0;0");

    assertThatThrownBy(() -> SkabReader.readAll(dir, line -> {}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("valve1/0.csv:3: Accelerometer1RMS: not a number: 'x'");
  }

  @Test
  void timeThatDoesNotIncrease_andMissingColumns_areRefused() throws IOException {
    write("a/0.csv", HEADER, "2020-03-09 10:14:33;1;2;0;0", "2020-03-09 10:14:33;1;2;0;0");
    write("b/0.csv", HEADER, "2020-03-09 10:14:33;1;2;0");

    assertThatThrownBy(() -> SkabReader.read(dir, dir.resolve("a/0.csv")))
        .hasMessageContaining("a/0.csv:3: timestamp does not increase");
    assertThatThrownBy(() -> SkabReader.read(dir, dir.resolve("b/0.csv")))
        .hasMessageContaining("b/0.csv:2: expected 5 columns, got 4");
  }

  @Test
  void anEmptyFolder_isAnError() {
    assertThatThrownBy(() -> SkabReader.readAll(dir, line -> {}))
        .hasMessageContaining("no *.csv files under");
  }

  @Test
  void sanitize_lowercasesAndJoinsOtherCharactersWithUnderscores() {
    assertThat(SkabReader.sanitize("Volume Flow RateRMS")).isEqualTo("volume_flow_raterms");
    assertThat(SkabReader.sanitize(" Temp (°C) ")).isEqualTo("temp_c");
    assertThat(SkabReader.sanitize("a.b-c_d")).isEqualTo("a.b-c_d");
  }
}
