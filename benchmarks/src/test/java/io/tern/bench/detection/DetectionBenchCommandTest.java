package io.tern.bench.detection;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.bench.BenchMain;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** End to end on a tiny synthetic SKAB-like folder (no SKAB data) and a short simulation. */
class DetectionBenchCommandTest {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = BenchMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    List<String> all = new ArrayList<>(List.of("detection"));
    all.addAll(List.of(args));
    return cli.execute(all.toArray(String[]::new));
  }

  /** 300 rows of noise at 1 s; rows 200..219 (if labelled) jump by 50 and are labelled. */
  private void writeSkabLike(String relative, LocalDateTime start, boolean withAnomaly)
      throws IOException {
    SplittableRandom random = new SplittableRandom(relative.hashCode());
    StringBuilder csv =
        new StringBuilder("datetime;Pressure;Volume Flow RateRMS;anomaly;changepoint\n");
    for (int i = 0; i < 300; i++) {
      boolean anomalous = withAnomaly && i >= 200 && i < 220;
      double jump = anomalous ? 50 : 0;
      csv.append(start.plusSeconds(i).format(TIME))
          .append(';')
          .append(1 + 0.01 * random.nextGaussian() + jump)
          .append(';')
          .append(30 + 0.1 * random.nextGaussian())
          .append(anomalous ? ";1.0;0.0\n" : ";0.0;0.0\n");
    }
    Path file = dir.resolve("skab").resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, csv);
  }

  @Test
  void skab_printsOneRowPerDetector_andWritesMarkdown() throws IOException {
    writeSkabLike("anomaly-free/anomaly-free.csv", LocalDateTime.of(2020, 2, 8, 13, 0), false);
    writeSkabLike("valve1/0.csv", LocalDateTime.of(2020, 3, 9, 10, 0), true);
    Path md = dir.resolve("detection.md");

    int code =
        run(
            "--skab",
            dir.resolve("skab").toString(),
            "--only",
            "skab",
            "--markdown",
            md.toString());

    assertThat(code).as(err.toString()).isZero();
    String text = out.toString();
    assertThat(text).contains("skab: 2 devices, 600 rows (20 anomalous), 1 labelled segments");
    List<String> rows = text.lines().filter(l -> l.matches("(ours|3sigma|never) .*")).toList();
    assertThat(rows).hasSize(3);
    // "never": no precision, recall 0, F1 0, FAR 0 %, MAR 100 %
    assertThat(rows.get(2).split("\\s+"))
        .startsWith("never", "-", "0.000", "0.000", "0.00", "100.00");
    // the 50-unit jump on a quiet series is found by the 3-sigma rule at once
    assertThat(text.lines().filter(l -> l.startsWith("valve1")).findFirst().orElseThrow())
        .contains("1.000 (0.0 s)");
    assertThat(err.toString()).contains("skab: read valve1/0.csv as skab-valve1-0 (300 rows)");
    assertThat(Files.readString(md)).contains("### skab", "| ours ", "| 3sigma ", "| never ");
  }

  @Test
  void sim_reportsEveryInjectedKindOfTheBuiltInFleet() {
    int code = run("--only", "sim", "--sim-devices", "1", "--sim-hours", "3", "--seed", "3");

    assertThat(code).as(err.toString()).isZero();
    assertThat(out.toString()).contains("sim: 2 devices").contains("ours", "3sigma", "never");
    for (String kind : List.of("spike", "dip", "level-shift", "stuck", "drift", "dropout")) {
      assertThat(out.toString().lines()).anyMatch(l -> l.startsWith(kind + " "));
    }
  }

  @Test
  void aMissingSkabFolder_isAOneLineErrorNamingTheOption() {
    int code = run("--skab", dir.resolve("nowhere").toString());

    assertThat(code).isNotZero();
    assertThat(err.toString().strip())
        .startsWith("error: --skab: no SKAB data folder at ")
        .endsWith("(see --help)")
        .doesNotContain("\n");
  }

  @Test
  void anUnknownDetector_isRefused() {
    assertThat(run("--only", "sim", "--detectors", "ours,magic")).isNotZero();
    assertThat(err.toString()).contains("unknown detector 'magic'");
  }
}
