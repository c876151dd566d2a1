package io.tern.agent.cli;

/** Entry point of the standalone agent: {@code java io.tern.agent.cli.AgentMain --help}. */
public final class AgentMain {
  private AgentMain() {}

  public static void main(String[] args) {
    System.exit(AgentCommand.commandLine().execute(args));
  }
}
