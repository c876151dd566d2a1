package io.tern.sim.scenario;

/** A scenario file that cannot be used; the message names the file and the bad key's path. */
public final class ScenarioException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ScenarioException(String message, Throwable cause) {
    super(message, cause);
  }
}
