package io.tern.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.bench.BenchMain;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class IngestBenchCommandTest {
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = BenchMain.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    String[] withName = new String[args.length + 1];
    withName[0] = "ingest";
    System.arraycopy(args, 0, withName, 1, args.length);
    return cli.execute(withName);
  }

  @Test
  void wrongFlagIsOneLineWithHint() {
    assertThat(run("--devcies", "3")).isNotZero();
    assertThat(err.toString().strip()).startsWith("error: ").endsWith("(see --help)");
    assertThat(err.toString().strip().lines()).hasSize(1);
  }

  @Test
  void outOfRangeOptionsAreRefusedBeforeAnythingStarts() {
    assertThat(run("--inflight", "0")).isNotZero();
    assertThat(err.toString()).contains("--inflight must be 1..1000");
  }

  @Test
  void missingMosquittoSaysHowToInstallIt() {
    assertThat(run("--sides", "peer", "--mosquitto", "/nonexistent/mosquitto")).isEqualTo(1);
    assertThat(err.toString()).contains("apt-get install mosquitto").doesNotContain("Exception");
  }

  @Test
  void helpListsTheOptionsWithDefaults() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString())
        .contains("--devices", "default: 1000", "--rate", "--inflight", "--duration", "--jfr");
  }

  @Test
  void bridgeOption_isDocumented_andUnknownSidesAreRefused() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("--bridge", "bridge_tx", "bridge_idem");
    assertThat(run("--sides", "ours,bridge_eos")).isNotZero();
    assertThat(err.toString()).startsWith("error: ").contains("bridge_eos");
  }
}
