package io.tern.agent.cli;

import io.tern.agent.Agent;
import io.tern.agent.AgentConfig;
import io.tern.agent.AgentStats;
import io.tern.agent.outbox.BufferPolicy;
import io.tern.agent.outbox.DropCounts;
import io.tern.agent.outbox.OutboxBudget;
import io.tern.agent.outbox.OutboxHealth;
import io.tern.agent.source.csv.CsvFile;
import io.tern.agent.source.influx.InfluxListener;
import io.tern.agent.source.influx.LineProtocol.Precision;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code agent}: runs one edge agent fed by one source (host metrics, stdin, a CSV replay or an
 * InfluxDB line protocol listener) until Ctrl-C, end of input (stdin) or, for a CSV replay with
 * {@code --exit-when-drained}, until the gateway acknowledged everything. Prints a status line
 * every 5 seconds.
 *
 * <p>Threads: picocli's calling thread runs the source; {@code tern-agent-status} prints status
 * lines; {@code tern-agent-shutdown} (shutdown hook) stops the source and closes the agent on
 * Ctrl-C.
 */
@Command(
    name = "agent",
    mixinStandardHelpOptions = true,
    versionProvider = AgentCommand.Version.class,
    sortOptions = false,
    description = {
      "Runs an edge agent: readings go to a durable outbox, then to the gateway over MQTT.",
      "Sources: 'host' samples load1, mem_used_pct and cpu_temp_c every --interval;"
          + " 'stdin' reads lines 'metric value [epochMs]';"
          + " 'csv' replays --csv FILE keeping its timestamps as event time;"
          + " 'influx' listens for InfluxDB line protocol on UDP and TCP --influx-port.",
    })
public final class AgentCommand implements Callable<Integer> {
  static final long STATUS_PERIOD_SECONDS = 5;
  private static final Logger log = LoggerFactory.getLogger(AgentCommand.class);

  /** Where readings come from. */
  public enum Source {
    HOST,
    STDIN,
    CSV,
    INFLUX
  }

  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML configuration file (keys in README.md, e.g. /etc/tern-agent/agent.yaml); options"
              + " given on the command line override it. Default: none.")
  Path configFile;

  @Option(
      names = "--device-id",
      description =
          "Device id, 1-64 characters of [A-Za-z0-9_-]; also the MQTT client id. Required (here"
              + " or as device-id in --config).")
  String deviceId;

  @Option(
      names = "--broker",
      defaultValue = "tcp://localhost:1883",
      description = {
        "Gateway MQTT URI. Default: ${DEFAULT-VALUE}.",
        "Schemes: tcp or mqtt, ssl or mqtts (TLS), ws, wss."
      })
  String broker;

  @Option(
      names = "--data-dir",
      description = "Outbox directory (one per device). Default: .tern/agent/<device-id>.")
  Path dataDir;

  @Option(
      names = "--source",
      defaultValue = "host",
      converter = SourceConverter.class,
      description = "Reading source: host, stdin, csv or influx. Default: ${DEFAULT-VALUE}.")
  Source source;

  @Option(
      names = "--interval",
      defaultValue = "1s",
      converter = DurationConverter.class,
      description =
          "Sampling interval of the host source (e.g. 500ms, 1s). Default: ${DEFAULT-VALUE}.")
  Duration interval;

  @Option(
      names = "--ack-timeout",
      defaultValue = "30s",
      converter = DurationConverter.class,
      description =
          "A gateway connection whose acknowledgements stop for this long while messages are in"
              + " flight is treated as down: dropped, reconnected and replayed. Default:"
              + " ${DEFAULT-VALUE}.")
  Duration ackTimeout;

  @Option(
      names = "--status-interval",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "Period of the retained status message on tern/v1/status/<device-id> (buffer fill,"
              + " oldest unsent age, drops, offline budget). Default: ${DEFAULT-VALUE}.")
  Duration statusInterval;

  @Option(
      names = "--backlog-share",
      defaultValue = "0.5",
      description =
          "After an outage, readings taken since the link came back go first; the backlog drains"
              + " beside them with this fraction of the in-flight window (0 < x <= 1; all of it"
              + " while no live readings flow). Default: ${DEFAULT-VALUE}.")
  double backlogShare;

  @Option(
      names = "--max-buffer-bytes",
      defaultValue = "1GiB",
      converter = ByteSizeConverter.class,
      description =
          "Disk budget of the outbox (e.g. 64MiB, 1GiB; at least 1MiB). Acknowledged files are"
              + " deleted at once; --buffer-policy says what happens when unsent readings fill"
              + " it. Default: ${DEFAULT-VALUE}.")
  long maxBufferBytes;

  @Option(
      names = "--max-buffer-age",
      defaultValue = "7d",
      converter = DurationConverter.class,
      description =
          "Unsent readings older than this are dropped and reported as a gap (e.g. 12h, 7d;"
              + " at least 1s). Default: ${DEFAULT-VALUE}.")
  Duration maxBufferAge;

  @Option(
      names = "--buffer-policy",
      defaultValue = "drop-oldest",
      converter = BufferPolicyConverter.class,
      description =
          "When unsent readings fill --max-buffer-bytes: drop-oldest (drop the oldest unsent"
              + " readings) or reject-new (do not store new ones). Either way the dropped seqs are"
              + " reported to the gateway as gaps. Default: ${DEFAULT-VALUE}.")
  BufferPolicy bufferPolicy;

  @Mixin SourceOptions sourceOptions;

  @Mixin BrokerOptions brokerOptions;

  InputStream stdin = System.in;
  Map<String, String> env = System.getenv();

  /** Options set from --config: flag to key path. */
  private Map<String, String> fromFile = Map.of();

  private final StopSignal stop = new StopSignal();
  private volatile InfluxListener listener;

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
    AgentConfig config = resolvedConfig();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CsvFile csv = null;
    if (source == Source.CSV) {
      try {
        csv = sourceOptions.openCsv(spec);
      } catch (IOException | IllegalArgumentException e) {
        err.println("error: " + e.getMessage());
        err.flush();
        return 1;
      }
    }
    Agent agent;
    try {
      agent = Agent.start(config);
    } catch (UncheckedIOException | IllegalStateException | IllegalArgumentException e) {
      err.println("error: cannot start the agent: " + e.getMessage());
      err.flush();
      closeCsv(csv);
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
    Feed feed = new Feed(agent, stop, out, err);
    try {
      return switch (source) {
        case HOST -> HostFeed.run(feed, interval);
        case STDIN -> StdinFeed.run(feed, stdin);
        case CSV -> sourceOptions.csvReplay(csv, config.dataDir()).run(feed);
        case INFLUX -> sourceOptions.influxFeed().run(feed, l -> listener = l);
      };
    } finally {
      status.shutdownNow();
      closeSource();
      closeCsv(csv);
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

  /** Asks a running command to stop as Ctrl-C does (for tests running it in-process). */
  void requestStop() {
    stop.request();
  }

  /**
   * The agent configuration from the parsed options and the --config file (flags win).
   *
   * @throws ParameterException for a missing or bad option or config key
   */
  AgentConfig resolvedConfig() {
    applyConfigFile();
    return config();
  }

  BrokerOptions broker() {
    return brokerOptions;
  }

  SourceOptions sources() {
    return sourceOptions;
  }

  /** Fills the options not given on the command line from --config, if any. */
  private void applyConfigFile() {
    if (configFile == null) {
      return;
    }
    ParseResult parsed = spec.commandLine().getParseResult();
    try {
      Map<String, Object> leaves = ConfigFile.load(configFile, ConfigKeys.PATHS);
      fromFile = ConfigKeys.apply(this, configFile, leaves, parsed::hasMatchedOption);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** How an option was given: the flag, its key in the config file, or null if it was not. */
  private String given(String flag) {
    if (spec.commandLine().getParseResult().hasMatchedOption(flag)) {
      return flag;
    }
    String key = fromFile.get(flag);
    return key == null ? null : configFile + ": " + key;
  }

  private AgentConfig config() {
    if (deviceId == null) {
      throw new ParameterException(
          spec.commandLine(),
          "Missing required option: '--device-id' (or device-id in the --config file)");
    }
    if (interval.isNegative() || interval.isZero()) {
      throw new ParameterException(spec.commandLine(), "--interval must be positive");
    }
    sourceOptions.validate(spec, source, this::given);
    if (ackTimeout.toMillis() < 1) {
      throw new ParameterException(spec.commandLine(), "--ack-timeout must be positive");
    }
    if (statusInterval.toMillis() < 1) {
      throw new ParameterException(spec.commandLine(), "--status-interval must be positive");
    }
    if (!(backlogShare > 0 && backlogShare <= 1)) {
      throw new ParameterException(
          spec.commandLine(), "--backlog-share must be in (0, 1], got " + backlogShare);
    }
    try {
      Path dir = dataDir != null ? dataDir : Path.of(".tern", "agent", deviceId);
      boolean brokerTls = broker.matches("(?i)(ssl|mqtts|wss)://.*");
      return AgentConfig.defaults(deviceId, broker, dir)
          .withLinkTimings(ackTimeout, statusInterval)
          .withBacklogShare(backlogShare)
          .withBudget(new OutboxBudget(maxBufferBytes, maxBufferAge, bufferPolicy))
          .withSecurity(brokerOptions.security(brokerTls, env));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Ctrl-C: stop the source first (no reading may arrive at a closed agent), then the agent. */
  private void stop(Agent agent) {
    stop.request();
    closeSource();
    agent.close();
  }

  private void closeSource() {
    InfluxListener running = listener;
    if (running != null) {
      running.close();
    }
  }

  private static void closeCsv(CsvFile csv) {
    if (csv == null) {
      return;
    }
    try {
      csv.close();
    } catch (IOException e) {
      log.warn("Closing {} failed", csv.path(), e);
    }
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down (Ctrl-C): the hook is running or has run.
    }
  }

  static void printStatus(PrintWriter out, AgentStats stats) {
    OutboxHealth buffer = stats.buffer();
    DropCounts dropped = buffer.dropped();
    out.printf(
        "%s seq=%d acked=%d connected=%s quota-refused=%d buffer=%d/%dB oldest=%dms dropped=%d"
            + " (bytes=%d age=%d rejected=%d disk=%d) offline-budget=%s%n",
        stats.deviceId(),
        stats.lastSeq(),
        stats.ackedSeq(),
        stats.connected(),
        stats.quotaRefusals(),
        buffer.usedBytes(),
        buffer.maxBytes(),
        buffer.oldestUnsentAgeMs(),
        dropped.total(),
        dropped.budgetBytes(),
        dropped.budgetAge(),
        dropped.rejectedNew(),
        dropped.diskError(),
        buffer.offlineBudgetMs() < 0 ? "unknown" : buffer.offlineBudgetMs() + "ms");
    out.flush();
  }

  /** Parses {@code --buffer-policy}. */
  static final class BufferPolicyConverter implements ITypeConverter<BufferPolicy> {
    @Override
    public BufferPolicy convert(String value) {
      try {
        return BufferPolicy.parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }

  static final class SourceConverter implements ITypeConverter<Source> {
    @Override
    public Source convert(String value) {
      try {
        return Source.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a source (expected host, stdin, csv or influx)");
      }
    }
  }

  static final class PrecisionConverter implements ITypeConverter<Precision> {
    @Override
    public Precision convert(String value) {
      try {
        return Precision.valueOf(value.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a precision (expected ns, us, ms or s)");
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
