package io.tern.gateway.cli;

import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/** Entry point of the gateway on its own: {@code java ... io.tern.gateway.cli.GatewayMain}. */
public final class GatewayMain {

  private GatewayMain() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The gateway command line: one-line errors for wrong options and for failures to start. */
  public static CommandLine commandLine() {
    CommandLine commandLine = new CommandLine(new GatewayCommand());
    commandLine.setParameterExceptionHandler(
        (ex, arguments) -> {
          ex.getCommandLine().getErr().println("error: " + ex.getMessage() + " (see --help)");
          return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
    commandLine.setExecutionExceptionHandler(
        (ex, cmd, parseResult) -> {
          LoggerFactory.getLogger(GatewayMain.class).debug("Gateway failed", ex);
          cmd.getErr().println("error: " + ex.getMessage());
          return cmd.getCommandSpec().exitCodeOnExecutionException();
        });
    return commandLine;
  }
}
