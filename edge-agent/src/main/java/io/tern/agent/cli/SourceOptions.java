package io.tern.agent.cli;

import io.tern.agent.cli.AgentCommand.Source;
import io.tern.agent.source.csv.CsvFile;
import io.tern.agent.source.influx.LineProtocol.Precision;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/** The options of the csv and influx sources of {@code tern agent}, and their checks. */
final class SourceOptions {
  private static final List<String> CSV_ONLY =
      List.of("--csv", "--time-column", "--rate", "--exit-when-drained");
  private static final List<String> INFLUX_ONLY =
      List.of("--influx-port", "--influx-bind", "--influx-precision");

  @Option(
      names = "--csv",
      paramLabel = "FILE",
      description =
          "CSV file to replay (source csv): a header row, a timestamp column, numeric value"
              + " columns (one metric each).")
  Path csv;

  @Option(
      names = "--time-column",
      paramLabel = "NAME",
      description =
          "Timestamp column of the CSV file. Default: the first column named time, timestamp or"
              + " ts, else the first column.")
  String timeColumn;

  @Option(
      names = "--rate",
      paramLabel = "N",
      description = "Replay pace in readings per second. Default: as fast as the agent takes them.")
  Double rate;

  @Option(
      names = "--exit-when-drained",
      description =
          "Exit (0) once the gateway acknowledged every reading of the CSV file (backfill jobs)."
              + " Default: keep running until Ctrl-C.")
  boolean exitWhenDrained;

  @Option(
      names = "--influx-port",
      defaultValue = "8089",
      paramLabel = "PORT",
      description =
          "UDP and TCP port of the InfluxDB line protocol listener (source influx); 0 picks a"
              + " free one. Default: ${DEFAULT-VALUE}.")
  int influxPort;

  @Option(
      names = "--influx-bind",
      defaultValue = "127.0.0.1",
      paramLabel = "ADDRESS",
      description =
          "Address the line protocol listener binds to (0.0.0.0 for all). Default:"
              + " ${DEFAULT-VALUE}.")
  String influxBind;

  @Option(
      names = "--influx-precision",
      defaultValue = "ns",
      paramLabel = "UNIT",
      converter = AgentCommand.PrecisionConverter.class,
      description = "Unit of line protocol timestamps: ns, us, ms or s. Default: ${DEFAULT-VALUE}.")
  Precision influxPrecision;

  private InetAddress influxAddress;

  /**
   * Refuses options that do not fit the chosen source, and bad values.
   *
   * @param given how an option was given ({@code --csv}, or its key in the config file), or null if
   *     it was not
   */
  void validate(CommandSpec spec, Source source, Function<String, String> given) {
    if (source != Source.CSV) {
      CSV_ONLY.stream()
          .map(given)
          .filter(Objects::nonNull)
          .findFirst()
          .ifPresent(option -> refuse(spec, option + " needs --source csv"));
    }
    if (source != Source.INFLUX) {
      INFLUX_ONLY.stream()
          .map(given)
          .filter(Objects::nonNull)
          .findFirst()
          .ifPresent(option -> refuse(spec, option + " needs --source influx"));
    }
    if (source == Source.CSV && csv == null) {
      refuse(spec, "--source csv needs --csv FILE");
    }
    if (rate != null && !(rate > 0 && rate < Double.POSITIVE_INFINITY)) {
      refuse(spec, "--rate must be a positive number of readings per second, got " + rate);
    }
    if (influxPort < 0 || influxPort > 65_535) {
      refuse(spec, "--influx-port must be in 0..65535, got " + influxPort);
    }
    if (source == Source.INFLUX) {
      try {
        influxAddress = InetAddress.getByName(influxBind);
      } catch (UnknownHostException e) {
        throw new ParameterException(
            spec.commandLine(), "--influx-bind " + influxBind + ": unknown address", e);
      }
    }
  }

  /**
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException if its header cannot be used
   */
  CsvFile openCsv(CommandSpec spec) throws IOException {
    if (!Files.isRegularFile(csv)) {
      refuse(spec, "--csv " + csv + ": no such file");
    }
    return CsvFile.open(csv, timeColumn);
  }

  CsvReplay csvReplay(CsvFile file, Path dataDir) {
    return new CsvReplay(file, dataDir, rate != null ? new RatePacer(rate) : null, exitWhenDrained);
  }

  /** The influx source; {@link #validate} must have accepted the options. */
  InfluxFeed influxFeed() {
    return new InfluxFeed(influxAddress, influxPort, influxPrecision);
  }

  private static void refuse(CommandSpec spec, String message) {
    throw new ParameterException(spec.commandLine(), message);
  }
}
