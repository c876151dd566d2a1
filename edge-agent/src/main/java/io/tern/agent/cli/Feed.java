package io.tern.agent.cli;

import io.tern.agent.Agent;
import java.io.PrintWriter;

/**
 * What a source run of the agent command works with: the agent, the stop signal and the command's
 * output streams.
 */
record Feed(Agent agent, StopSignal stop, PrintWriter out, PrintWriter err) {
  /**
   * Records a reading; false when the agent was closed by Ctrl-C meanwhile.
   *
   * @throws IllegalStateException if the agent is closed while no stop was requested
   */
  boolean record(String metric, double value, long timeMs) {
    try {
      agent.record(metric, value, timeMs);
      return true;
    } catch (IllegalStateException e) {
      if (stop.requested()) {
        return false;
      }
      throw e;
    }
  }

  /** Prints a line on stderr at once (warnings and notes). */
  void warn(String line) {
    err.println(line);
    err.flush();
  }

  /** Prints a line on stdout at once (status and summaries). */
  void say(String line) {
    out.println(line);
    out.flush();
  }
}
