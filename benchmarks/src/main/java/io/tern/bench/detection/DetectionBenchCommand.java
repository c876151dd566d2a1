package io.tern.bench.detection;

import io.tern.bench.ingest.DurationConverter;
import io.tern.sim.scenario.Scenario;
import io.tern.sim.scenario.ScenarioLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tern bench detection}: replays labelled data through the gateway pipeline ("ours") and the
 * baselines in one pass per data set, and prints one result table per data set (definitions in
 * {@link Scorer}, docs/detection.md). Runs on the CLI thread.
 */
@Command(
    name = "detection",
    mixinStandardHelpOptions = true,
    description = {
      "Anomaly detection quality on labelled data, replayed as if live (event time):",
      "  skab  SKAB pump test-bed recordings (real faults, per-row labels)",
      "  sim   the device simulator's signals with injected, labelled anomalies",
      "Detectors, all in the same replay:",
      "  ours    the gateway's pipeline with its default settings",
      "  3sigma  per series: outside mean +- 3 stddev of the previous --window readings",
      "  never   no alerts",
      "Prints point-wise and event-wise precision/recall/F1, detection delays and false",
      "alarms per day. Definitions: docs/detection.md.",
      "Options:"
    })
public final class DetectionBenchCommand implements Callable<Integer> {
  private static final List<String> DETECTORS = List.of("ours", "3sigma", "never");

  @Spec CommandSpec spec;

  @Option(
      names = "--skab",
      paramLabel = "DIR",
      defaultValue = "../shared/data/skab/data",
      description =
          "SKAB data folder (default: ${DEFAULT-VALUE}, relative to the working folder, else to"
              + " the repository root).")
  Path skab;

  @Option(
      names = "--only",
      paramLabel = "skab|sim",
      description = "Evaluate one data set only (default: both).")
  String only;

  @Option(
      names = "--detectors",
      split = ",",
      defaultValue = "ours,3sigma,never",
      description = "Detectors to run, comma-separated (default: ${DEFAULT-VALUE}).")
  List<String> detectors;

  @Option(
      names = "--tolerance",
      defaultValue = "60s",
      converter = DurationConverter.class,
      description =
          "How long after a labelled segment's end an alert still detects it (default: 60s).")
  Duration tolerance;

  @Option(
      names = "--window",
      defaultValue = "60",
      description = "Readings in the 3sigma baseline's sliding window (default: ${DEFAULT-VALUE}).")
  int window;

  @Option(
      names = "--sim-devices",
      defaultValue = "10",
      description = "Simulated devices per device type (default: ${DEFAULT-VALUE}).")
  int simDevices;

  @Option(
      names = "--sim-hours",
      defaultValue = "24",
      description = "Hours of simulated data (default: ${DEFAULT-VALUE}).")
  double simHours;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Seed of the simulated signals and anomalies (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--scenario",
      paramLabel = "FILE",
      description =
          "Simulator scenario YAML instead of the built-in fleet (its device counts and seed are"
              + " replaced by --sim-devices and --seed).")
  Path scenario;

  @Option(
      names = "--markdown",
      paramLabel = "FILE",
      description = "Also write the tables as Markdown to FILE.")
  Path markdown;

  @Override
  public Integer call() throws IOException {
    validate();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<DataSet> dataSets = new ArrayList<>();
    if (!"sim".equals(only)) {
      dataSets.add(new SkabDataSet(SkabReader.readAll(skab, line -> progress(err, line))));
    }
    if (!"skab".equals(only)) {
      dataSets.add(new SimDataSet(simScenario(), simDuration(), line -> progress(err, line)));
    }
    StringBuilder md = new StringBuilder();
    for (DataSet dataSet : dataSets) {
      DetectionReport report = evaluate(dataSet, err);
      out.println();
      out.print(report.text());
      out.flush();
      md.append(report.markdown()).append('\n');
    }
    if (markdown != null) {
      Files.writeString(markdown, md.toString());
      progress(err, "wrote " + markdown);
    }
    return 0;
  }

  private DetectionReport evaluate(DataSet dataSet, PrintWriter err) {
    List<ReplayDetector> running = new ArrayList<>();
    for (String name : detectors) {
      running.add(
          switch (name) {
            case "ours" -> new PipelineDetector();
            case "3sigma" -> new ThreeSigmaBaseline(window);
            default -> new NeverDetector();
          });
    }
    long started = System.nanoTime();
    Replay replay = new Replay(running);
    GroundTruth truth = dataSet.replay(replay);
    progress(
        err,
        String.format(
            "%s: replayed %,d batches through %s in %.1f s",
            dataSet.name(),
            replay.batches(),
            String.join(", ", detectors),
            (System.nanoTime() - started) / 1e9));
    Map<String, DetectorScore> scores = new LinkedHashMap<>();
    for (ReplayDetector d : running) {
      d.warnings().forEach(w -> progress(err, "warning: " + d.name() + ": " + w));
      scores.put(d.name(), Scorer.score(truth, d.episodes(), tolerance.toMillis()));
    }
    return new DetectionReport(truth, tolerance.toMillis(), scores);
  }

  /**
   * The repository this command was built in: the benchmarks jar (or classes folder) is {@code
   * <root>/benchmarks/target/<jar or classes>}.
   */
  private static Optional<Path> repositoryRoot() {
    CodeSource code = DetectionBenchCommand.class.getProtectionDomain().getCodeSource();
    if (code == null || !"file".equals(code.getLocation().getProtocol())) {
      return Optional.empty();
    }
    try {
      Path location = Path.of(code.getLocation().toURI());
      return Optional.ofNullable(location.getParent()).map(Path::getParent).map(Path::getParent);
    } catch (URISyntaxException e) {
      // no usable location: the caller then reports the folder as missing, naming --skab
      return Optional.empty();
    }
  }

  private Scenario simScenario() {
    if (scenario == null) {
      return BenchScenario.of(simDevices, seed);
    }
    Scenario loaded = ScenarioLoader.load(scenario).withDevicesPerType(simDevices);
    return new Scenario(seed, loaded.duration(), loaded.deviceTypes());
  }

  private Duration simDuration() {
    return Duration.ofMillis(Math.round(simHours * 3_600_000));
  }

  private static void progress(PrintWriter err, String line) {
    err.println(line);
    err.flush();
  }

  private void validate() {
    if (only != null && !only.equals("skab") && !only.equals("sim")) {
      throw new ParameterException(spec.commandLine(), "--only must be skab or sim, was " + only);
    }
    for (String d : detectors) {
      if (!DETECTORS.contains(d)) {
        throw new ParameterException(
            spec.commandLine(),
            "--detectors: unknown detector '" + d + "' (known: " + DETECTORS + ")");
      }
    }
    if (detectors.stream().distinct().count() != detectors.size()) {
      throw new ParameterException(spec.commandLine(), "--detectors: each detector once");
    }
    if (tolerance.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--tolerance must be >= 0");
    }
    if (window < 2) {
      throw new ParameterException(spec.commandLine(), "--window must be >= 2, was " + window);
    }
    if (simDevices < 1 || !(simHours > 0)) {
      throw new ParameterException(
          spec.commandLine(), "--sim-devices must be >= 1 and --sim-hours > 0");
    }
    if (scenario != null && !Files.isRegularFile(scenario)) {
      throw new ParameterException(
          spec.commandLine(), "--scenario: no such file: " + scenario.toAbsolutePath());
    }
    if (!"sim".equals(only) && !Files.isDirectory(skab) && !skab.isAbsolute()) {
      repositoryRoot()
          .map(root -> root.resolve(skab))
          .filter(Files::isDirectory)
          .ifPresent(p -> skab = p);
    }
    if (!"sim".equals(only) && !Files.isDirectory(skab)) {
      throw new ParameterException(
          spec.commandLine(),
          "--skab: no SKAB data folder at "
              + skab.toAbsolutePath().normalize()
              + " (pass --skab DIR, or --only sim)");
    }
  }
}
