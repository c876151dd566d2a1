package io.tern.sim.cli;

import picocli.CommandLine;

/** Entry point of the simulator on its own: {@code java io.tern.sim.cli.SimMain --help}. */
public final class SimMain {

  private SimMain() {}

  public static void main(String[] args) {
    CommandLine cli = new CommandLine(new SimCommand());
    cli.setParameterExceptionHandler(
        (ex, params) -> {
          ex.getCommandLine().getErr().println("error: " + ex.getMessage() + " (see --help)");
          return 2;
        });
    System.exit(cli.execute(args));
  }
}
