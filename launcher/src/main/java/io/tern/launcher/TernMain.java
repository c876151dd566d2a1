package io.tern.launcher;

import picocli.CommandLine;

/** Entry point of {@code ./tern}. */
public final class TernMain {

  private TernMain() {}

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  /** The full command tree, with one-line errors for usage mistakes. */
  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new TernCommand());
    cli.setParameterExceptionHandler(
        (ex, params) -> {
          CommandLine failed = ex.getCommandLine();
          failed
              .getErr()
              .println(
                  "error: "
                      + ex.getMessage()
                      + " (see '"
                      + failed.getCommandSpec().qualifiedName()
                      + " --help')");
          return 2;
        });
    cli.setExecutionExceptionHandler(
        (ex, failed, parseResult) -> {
          failed.getErr().println("error: " + describe(ex));
          return 1;
        });
    return cli;
  }

  private static String describe(Exception ex) {
    Throwable cause = ex;
    while (cause.getCause() != null && cause.getMessage() == null) {
      cause = cause.getCause();
    }
    return cause.getMessage() == null ? cause.toString() : cause.getMessage();
  }
}
