package io.tern.launcher.crash;

import io.tern.agent.cli.AgentCommand;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import picocli.CommandLine;

/**
 * Real edge agents replaying CSV files: one {@code tern agent --source csv --exit-when-drained}
 * command per device, run in this JVM on its own thread ({@code crash-agent-<device>}), with its
 * Chronicle outbox under {@code outboxRoot}; each reconnects with backoff and replays its unacked
 * readings whenever the gateway comes back. Output goes to {@code <logDir>/agent-<device>.log}.
 * Created and closed by the test thread.
 */
public final class AgentReplays implements AutoCloseable {

  private final List<Thread> threads = new ArrayList<>();
  private final Map<String, Integer> exitCodes = new ConcurrentHashMap<>();
  private final Map<String, Path> logs = new ConcurrentHashMap<>();

  private AgentReplays() {}

  /**
   * Starts one agent per CSV file; they replay at {@code readingsPerSecond} each.
   *
   * @param csvByDevice CSV file per device id
   */
  public static AgentReplays start(
      Map<String, Path> csvByDevice,
      String brokerUri,
      Path outboxRoot,
      Path logDir,
      double readingsPerSecond)
      throws IOException {
    Files.createDirectories(logDir);
    AgentReplays replays = new AgentReplays();
    for (Map.Entry<String, Path> entry : csvByDevice.entrySet()) {
      String device = entry.getKey();
      String[] args = {
        "--device-id",
        device,
        "--broker",
        brokerUri,
        "--data-dir",
        outboxRoot.resolve(device).toString(),
        "--source",
        "csv",
        "--csv",
        entry.getValue().toString(),
        "--rate",
        Double.toString(readingsPerSecond),
        "--exit-when-drained"
      };
      Path log = logDir.resolve("agent-" + device + ".log");
      replays.logs.put(device, log);
      Thread thread = new Thread(() -> replays.run(device, args, log), "crash-agent-" + device);
      replays.threads.add(thread);
      thread.start();
    }
    return replays;
  }

  private void run(String device, String[] args, Path log) {
    try (PrintWriter out =
        new PrintWriter(Files.newBufferedWriter(log, StandardCharsets.UTF_8), true)) {
      CommandLine command = AgentCommand.commandLine();
      command.setOut(out);
      command.setErr(out);
      exitCodes.put(device, command.execute(args));
    } catch (IOException | RuntimeException e) {
      exitCodes.put(device, -1);
      throw new IllegalStateException("agent " + device + " failed", e);
    }
  }

  /** Whether at least one agent is still replaying or waiting for acknowledgements. */
  public boolean anyRunning() {
    return threads.stream().anyMatch(Thread::isAlive);
  }

  /** Exit status per device, for the agents that ended (0 = all acknowledged). */
  public Map<String, Integer> exitCodes() {
    return Map.copyOf(exitCodes);
  }

  /** The last lines of every agent's output. */
  public String tails(int lines) {
    StringBuilder text = new StringBuilder();
    logs.forEach(
        (device, log) -> {
          text.append("--- agent ").append(device).append('\n');
          try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            all.subList(Math.max(0, all.size() - lines), all.size())
                .forEach(l -> text.append(l).append('\n'));
          } catch (IOException e) {
            text.append("(cannot read ").append(log).append(": ").append(e).append(")\n");
          }
        });
    return text.toString();
  }

  /**
   * Interrupts agents still running (their command treats it as Ctrl-C) and waits for them; keeps
   * this thread's interrupt status if it is interrupted meanwhile.
   */
  @Override
  public void close() {
    for (Thread thread : threads) {
      thread.interrupt();
    }
    try {
      for (Thread thread : threads) {
        thread.join(15_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
