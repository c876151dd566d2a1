package io.tern.bench;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Entry point of {@code ./tern bench}: {@code java ... io.tern.bench.BenchMain rollup}. */
public final class BenchMain {

  private BenchMain() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The bench command line: one-line errors for wrong options and for failed runs. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new BenchCommand());
    commandLine.setParameterExceptionHandler(
        (ex, arguments) -> {
          ex.getCommandLine().getErr().println("error: " + ex.getMessage() + " (see --help)");
          return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
    commandLine.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          LoggerFactory.getLogger(BenchMain.class).debug("Benchmark failed", ex);
          cmd.getErr().println("error: " + ex.getMessage());
          return cmd.getCommandSpec().exitCodeOnExecutionException();
        });
    return commandLine;
  }
}
