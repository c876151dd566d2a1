package io.tern.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BenchMainTest {

  @Test
  void wrongFlag_oneLineErrorAndNonZeroExit() {
    StringWriter err = new StringWriter();
    CommandLine cli = BenchMain.commandLine();
    cli.setErr(new PrintWriter(err));

    int code = cli.execute("rollup", "--forks", "0");

    assertThat(code).isNotZero();
    assertThat(err.toString().strip())
        .startsWith("error: --forks")
        .endsWith("(see --help)")
        .doesNotContain("\n");
  }

  @Test
  void noBenchmark_isAUsageError() {
    StringWriter err = new StringWriter();
    CommandLine cli = BenchMain.commandLine();
    cli.setErr(new PrintWriter(err));

    assertThat(cli.execute()).isEqualTo(2);
    assertThat(err.toString()).contains("error: a benchmark is needed");
  }
}
