package io.tern.agent.cli;

import io.tern.agent.Agent;
import io.tern.agent.AgentConfig;
import io.tern.agent.AgentStats;
import io.tern.agent.source.HostMetrics;
import io.tern.agent.source.LineParser;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code agent}: runs one edge agent, feeding it from the host's metrics or from stdin, until
 * Ctrl-C (host) or end of input (stdin). Prints a status line every 5 seconds.
 *
 * <p>Threads: picocli's calling thread samples/reads and records; {@code tern-agent-status} prints
 * status lines; {@code tern-agent-shutdown} (shutdown hook) closes the agent on Ctrl-C.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = AgentCommand.Version.class,
    sortOptions = false,
    description = {
      "Runs an edge agent: readings go to a durable outbox, then to the gateway over MQTT.",
      "Source 'host' samples load1, mem_used_pct and cpu_temp_c every --interval;"
          + " source 'stdin' reads lines 'metric value [epochMs]'.",
    })
public final class AgentCommand implements Callable<Integer> {
  static final long STATUS_PERIOD_SECONDS = 5;

  /** Where readings come from. */
  public enum Source {
    HOST,
    STDIN
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--device-id",
      required = true,
      description = "Device id, 1-64 characters of [A-Za-z0-9_-]; also the MQTT client id.")
  String deviceId;

  @Option(
      names = "--broker",
      defaultValue = "tcp://localhost:1883",
      description = "Gateway MQTT URI. Default: ${DEFAULT-VALUE}.")
  String broker;

  @Option(
      names = "--data-dir",
      description = "Outbox directory (one per device). Default: .tern/agent/<device-id>.")
  Path dataDir;

  @Option(
      names = "--source",
      defaultValue = "host",
      converter = SourceConverter.class,
      description = "Reading source: host or stdin. Default: ${DEFAULT-VALUE}.")
  Source source;

  @Option(
      names = "--interval",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description =
          "Sampling interval of the host source (e.g. 500ms, 1s). Default: ${DEFAULT-VALUE}.")
  Duration interval;

  InputStream stdin = System.in;
  private final CountDownLatch stopRequested = new CountDownLatch(1);

  /** A command line for this command with Tern's error handling (one line + hint, exit 2). */
  public static CommandLine commandLine() {
    CommandLine cmd = new CommandLine(new AgentCommand());
    cmd.setParameterExceptionHandler(
        (ex, args) -> {
          ex.getCommandLine().getErr().println("error: " + ex.getMessage() + " (see --help)");
          return ex.getCommandLine().getCommandSpec().exitCodeOnInvalidInput();
        });
    return cmd;
  }

  @Override
  public Integer call() {
    AgentConfig config = config();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Agent agent;
    try {
      agent = Agent.start(config);
    } catch (UncheckedIOException | IllegalStateException e) {
      err.println("error: cannot start the agent: " + e.getMessage());
      return 1;
    }
    Thread hook = new Thread(() -> stop(agent), "tern-agent-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    ScheduledExecutorService status =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "tern-agent-status");
              t.setDaemon(true);
              return t;
            });
    status.scheduleAtFixedRate(
        () -> printStatus(out, agent.stats()),
        STATUS_PERIOD_SECONDS,
        STATUS_PERIOD_SECONDS,
        TimeUnit.SECONDS);
    try {
      return source == Source.HOST ? runHost(agent) : runStdin(agent, err);
    } finally {
      status.shutdownNow();
      agent.close();
      AgentStats stats = agent.stats();
      printStatus(out, stats);
      if (stats.lastSeq() > stats.ackedSeq()) {
        err.printf(
            "note: %d readings not yet acknowledged stay in the outbox %s and are sent on the"
                + " next start%n",
            stats.lastSeq() - stats.ackedSeq(), config.dataDir());
        err.flush();
      }
      removeHook(hook);
    }
  }

  private AgentConfig config() {
    if (interval.isNegative() || interval.isZero()) {
      throw new ParameterException(spec.commandLine(), "--interval must be positive");
    }
    try {
      Path dir = dataDir != null ? dataDir : Path.of(".tern", "agent", deviceId);
      return AgentConfig.defaults(deviceId, broker, dir);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  private int runHost(Agent agent) {
    HostMetrics host = new HostMetrics(Path.of("/"));
    InstantSource clock = InstantSource.system();
    do {
      long now = clock.millis();
      for (Map.Entry<String, Double> metric : host.sample().entrySet()) {
        if (!record(agent, metric.getKey(), metric.getValue(), now)) {
          return 0;
        }
      }
    } while (!awaitStop(interval));
    return 0;
  }

  private int runStdin(Agent agent, PrintWriter err) {
    long lineNumber = 0;
    long recorded = 0;
    long invalid = 0;
    InstantSource clock = InstantSource.system();
    try (BufferedReader reader =
        new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        LineParser.Line parsed = LineParser.parse(line, clock.millis());
        if (parsed instanceof LineParser.Parsed p) {
          if (!record(agent, p.metric(), p.value(), p.eventTimeMs())) {
            break;
          }
          recorded++;
        } else if (parsed instanceof LineParser.Invalid bad) {
          invalid++;
          err.println("warning: line " + lineNumber + ": " + bad.reason() + " (skipped)");
          err.flush();
        }
      }
    } catch (IOException e) {
      err.println("error: cannot read stdin: " + e.getMessage());
      return 1;
    }
    err.printf("stdin: %d readings recorded, %d invalid lines skipped%n", recorded, invalid);
    err.flush();
    return 0;
  }

  /** Records a reading; false when the agent was closed by Ctrl-C meanwhile. */
  private boolean record(Agent agent, String metric, double value, long timeMs) {
    try {
      agent.record(metric, value, timeMs);
      return true;
    } catch (IllegalStateException e) {
      if (stopRequested.getCount() == 0) {
        return false;
      }
      throw e;
    }
  }

  private boolean awaitStop(Duration timeout) {
    try {
      return stopRequested.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return true;
    }
  }

  private void stop(Agent agent) {
    stopRequested.countDown();
    agent.close();
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down (Ctrl-C): the hook is running or has run.
    }
  }

  static void printStatus(PrintWriter out, AgentStats stats) {
    out.printf(
        "%s seq=%d acked=%d connected=%s%n",
        stats.deviceId(), stats.lastSeq(), stats.ackedSeq(), stats.connected());
    out.flush();
  }

  static final class SourceConverter implements ITypeConverter<Source> {
    @Override
    public Source convert(String value) {
      try {
        return Source.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a source (expected host or stdin)");
      }
    }
  }

  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String version = AgentCommand.class.getPackage().getImplementationVersion();
      return new String[] {"tern agent " + (version != null ? version : "dev")};
    }
  }
}
