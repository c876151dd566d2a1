package io.tern.bench.noisy;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.bench.BenchMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class NoisyBenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = BenchMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] withName = new String[args.length + 1];
    withName[0] = "noisy";
    System.arraycopy(args, 0, withName, 1, args.length);
    return cli.execute(withName);
  }

  @Test
  void wrongFlagIsOneLineWithHint() {
    assertThat(run("--flooders", "3")).isNotZero();
    assertThat(err.toString().strip()).startsWith("error: ").endsWith("(see --help)");
    assertThat(err.toString().strip().lines()).hasSize(1);
  }

  @Test
  void outOfRangeOptionsAreRefusedBeforeAnythingStarts() {
    assertThat(run("--flood-inflight", "0")).isNotZero();
    assertThat(err.toString()).contains("--flood-inflight must be 1..65535");
  }

  @Test
  void helpListsTheOptionsWithDefaults() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--devices", "default: 100", "--batches-per-second", "default: 10")
        .contains("--start-warmup", "default: 60s", "--cycles", "default: 6")
        .contains("--segment", "default: 20s", "--gap")
        .contains("1.20");
  }
}
