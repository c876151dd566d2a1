package io.tern.bridge.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Entry point of the standalone bridge ({@code tern-bridge}); see {@link BridgeCommand}. */
public final class BridgeMain {

  private BridgeMain() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /**
   * The {@code bridge} command line; a wrong flag prints a one-line error and exits with 2, a
   * failure to start (e.g. another bridge holds the lock) one line and exits with 1.
   */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new BridgeCommand());
    commandLine.setParameterExceptionHandler(
        (error, args) -> {
          error.getCommandLine().getErr().println("error: " + error.getMessage() + " (see --help)");
          return error.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
    commandLine.setExecutionExceptionHandler(
        (error, failed, parseResult) -> {
          LoggerFactory.getLogger(BridgeMain.class).debug("Bridge failed", error);
          failed.getErr().println("error: " + error.getMessage());
          return 1;
        });
    return commandLine;
  }
}
