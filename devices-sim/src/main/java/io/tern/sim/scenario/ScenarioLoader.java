package io.tern.sim.scenario;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.tern.sim.check.CheckSettings;
import io.tern.sim.signal.AnomalyKind;
import io.tern.sim.signal.AnomalySpec;
import io.tern.sim.signal.MetricSpec;
import io.tern.sim.signal.SignalModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads a scenario YAML file (format in devices-sim/README.md) into a {@link Scenario}. Every
 * problem is reported as one {@link ScenarioException} line naming the file and the path of the bad
 * key, e.g. {@code smoke.yaml: devices[0].metrics[1].model: unknown value 'sin' (expected …)}.
 */
public final class ScenarioLoader {

  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final YAMLMapper MAPPER =
      new YAMLMapper(
          YAMLFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());

  private ScenarioLoader() {}

  public static Scenario load(Path file) {
    String name = file.toString();
    JsonNode root;
    try {
      root = MAPPER.readTree(Files.readString(file));
    } catch (JacksonException e) {
      throw new ScenarioException(name + ": not valid YAML: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new ScenarioException(name + ": cannot read: " + e.getMessage(), e);
    }
    try {
      return scenario(new Node(root, ""));
    } catch (Bad e) {
      throw new ScenarioException(name + ": " + e.getMessage(), e);
    }
  }

  private static Scenario scenario(Node root) {
    root.keys("seed", "duration", "devices", "check", "faults", "load");
    List<DeviceType> types = root.list("devices", ScenarioLoader::deviceType);
    CheckSettings check =
        root.optional("check").map(ScenarioLoader::check).orElse(CheckSettings.defaults());
    Optional<Duration> duration = root.optional("duration").map(Node::asDuration);
    List<FaultSpec> faults = root.list("faults", FaultReader::fault, true);
    List<Node> faultNodes = root.list("faults", n -> n, true);
    Optional<LoadSettings> load = root.optional("load").map(ScenarioLoader::load);
    if (!types.isEmpty()) {
      for (int i = 0; i < faults.size(); i++) {
        Optional<String> problem = Scenario.faultProblem(faults.get(i), types, duration);
        if (problem.isPresent()) {
          throw new Bad(Scenario.at(faultNodes.get(i).path, problem.get()));
        }
      }
    }
    return root.build(
        () ->
            new Scenario(
                root.optional("seed").map(Node::asLong).orElse(1L),
                duration,
                types,
                check,
                faults,
                load));
  }

  private static LoadSettings load(Node node) {
    node.keys("connect-rate", "window");
    int connectRate =
        node.optional("connect-rate").map(Node::asCount).orElse(LoadSettings.DEFAULT_CONNECT_RATE);
    int window = node.optional("window").map(Node::asCount).orElse(LoadSettings.DEFAULT_WINDOW);
    return node.build(() -> new LoadSettings(connectRate, window));
  }

  private static CheckSettings check(Node node) {
    node.keys("min-recall", "tolerance");
    Map<AnomalyKind, Double> minRecall = new EnumMap<>(AnomalyKind.class);
    Optional<Node> recalls = node.optional("min-recall");
    if (recalls.isPresent()) {
      String[] kinds =
          Arrays.stream(AnomalyKind.values()).map(AnomalyKind::yamlName).toArray(String[]::new);
      recalls.get().keys(kinds);
      for (String kind : kinds) {
        recalls
            .get()
            .optional(kind)
            .ifPresent(
                n -> minRecall.put(AnomalyKind.byName(kind).orElseThrow(), n.asNonNegative()));
      }
    }
    Duration tolerance =
        node.optional("tolerance").map(Node::asDuration).orElse(CheckSettings.DEFAULT_TOLERANCE);
    return node.build(() -> new CheckSettings(minRecall, tolerance));
  }

  private static DeviceType deviceType(Node node) {
    node.keys("type", "count", "interval", "metrics", "mode");
    String type = node.required("type").asText();
    int count = node.required("count").asCount();
    Duration interval = node.required("interval").asDuration();
    List<MetricSpec> metrics = node.list("metrics", ScenarioLoader::metric);
    DeviceMode mode =
        node.optional("mode")
            .map(n -> n.asEnum(DeviceMode::byName, DeviceMode.values(), DeviceMode::yamlName))
            .orElse(DeviceMode.AGENT);
    return node.build(() -> new DeviceType(type, count, interval, metrics, mode));
  }

  private static MetricSpec metric(Node node) {
    node.keys("name", "model", "baseline", "amplitude", "period", "noise", "anomalies");
    String name = node.required("name").asText();
    SignalModel model =
        node.optional("model")
            .map(n -> n.asEnum(SignalModel::byName, SignalModel.values(), SignalModel::yamlName))
            .orElse(SignalModel.SINE);
    Duration defaultPeriod =
        model == SignalModel.DAILY ? Duration.ofDays(1) : Duration.ofMinutes(1);
    double baseline = node.optional("baseline").map(Node::asDouble).orElse(0.0);
    double amplitude = node.optional("amplitude").map(Node::asNonNegative).orElse(0.0);
    Duration period = node.optional("period").map(Node::asDuration).orElse(defaultPeriod);
    double noise = node.optional("noise").map(Node::asNonNegative).orElse(0.0);
    List<AnomalySpec> anomalies =
        node.optional("anomalies").isPresent()
            ? node.list("anomalies", ScenarioLoader::anomaly)
            : List.of();
    return node.build(
        () -> new MetricSpec(name, model, baseline, amplitude, period, noise, anomalies));
  }

  private static AnomalySpec anomaly(Node node) {
    node.keys("kind", "rate-per-hour", "probability", "magnitude", "duration");
    AnomalyKind kind =
        node.required("kind")
            .asEnum(AnomalyKind::byName, AnomalyKind.values(), AnomalyKind::yamlName);
    Optional<Node> rate = node.optional("rate-per-hour");
    Optional<Node> probability = node.optional("probability");
    if (rate.isPresent() == probability.isPresent()) {
      throw new Bad(node.path + ": give exactly one of rate-per-hour or probability");
    }
    AnomalySpec.Frequency frequency =
        rate.isPresent()
            ? node.build(() -> new AnomalySpec.Frequency.PerHour(rate.get().asDouble()))
            : node.build(() -> new AnomalySpec.Frequency.PerReading(probability.get().asDouble()));
    double magnitude = node.optional("magnitude").map(Node::asDouble).orElse(0.0);
    Duration duration = node.optional("duration").map(Node::asDuration).orElse(Duration.ZERO);
    return node.build(() -> new AnomalySpec(kind, frequency, magnitude, duration));
  }

  /** A problem at a path; turned into a {@link ScenarioException} with the file name. */
  static final class Bad extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Bad(String message) {
      super(message);
    }
  }

  /** A YAML node and its path from the root, e.g. {@code devices[0].count}. */
  record Node(JsonNode json, String path) {

    private String at(String key) {
      return path.isEmpty() ? key : path + "." + key;
    }

    private String where() {
      return path.isEmpty() ? "(top level)" : path;
    }

    void keys(String... allowed) {
      if (!json.isObject()) {
        throw new Bad(where() + ": expected a mapping with keys " + String.join(", ", allowed));
      }
      Set<String> known = Set.of(allowed);
      for (Iterator<String> it = json.fieldNames(); it.hasNext(); ) {
        String key = it.next();
        if (!known.contains(key)) {
          throw new Bad(
              at(key) + ": unknown key (expected one of " + String.join(", ", allowed) + ")");
        }
      }
    }

    Optional<Node> optional(String key) {
      JsonNode child = json.get(key);
      return child == null || child.isNull()
          ? Optional.empty()
          : Optional.of(new Node(child, at(key)));
    }

    Node required(String key) {
      return optional(key).orElseThrow(() -> new Bad(at(key) + ": missing"));
    }

    <T> List<T> list(String key, Function<Node, T> element) {
      return list(key, element, false);
    }

    /** The elements of list {@code key}; empty when absent and {@code optional}. */
    <T> List<T> list(String key, Function<Node, T> element, boolean optional) {
      if (optional && optional(key).isEmpty()) {
        return List.of();
      }
      Node list = required(key);
      if (!list.json.isArray()) {
        throw new Bad(list.path + ": expected a list");
      }
      List<T> out = new ArrayList<>();
      for (int i = 0; i < list.json.size(); i++) {
        out.add(element.apply(new Node(list.json.get(i), list.path + "[" + i + "]")));
      }
      return out;
    }

    <T> T build(java.util.function.Supplier<T> constructor) {
      try {
        return constructor.get();
      } catch (IllegalArgumentException e) {
        throw new Bad(where() + ": " + e.getMessage());
      }
    }

    String asText() {
      if (!json.isTextual() || json.asText().isBlank()) {
        throw new Bad(path + ": expected a non-empty string, got '" + json.asText() + "'");
      }
      return json.asText();
    }

    double asDouble() {
      if (!json.isNumber()) {
        throw new Bad(path + ": expected a number, got '" + json.asText() + "'");
      }
      return json.asDouble();
    }

    double asNonNegative() {
      double value = asDouble();
      if (value < 0) {
        throw new Bad(path + ": must be >= 0, was " + json.asText());
      }
      return value;
    }

    long asLong() {
      if (!json.isIntegralNumber() || !json.canConvertToLong()) {
        throw new Bad(path + ": expected an integer, got '" + json.asText() + "'");
      }
      return json.asLong();
    }

    int asCount() {
      if (!json.isIntegralNumber() || !json.canConvertToInt()) {
        throw new Bad(path + ": expected an integer, got '" + json.asText() + "'");
      }
      if (json.asInt() < 0) {
        throw new Bad(path + ": must be >= 0, was " + json.asInt());
      }
      return json.asInt();
    }

    Duration asDuration() {
      Matcher m = DURATION.matcher(json.isTextual() ? json.asText().strip() : "");
      if (!m.matches()) {
        throw new Bad(
            path + ": '" + json.asText() + "' is not a duration (examples: 500ms, 1s, 2m, 1h, 1d)");
      }
      return duration(m);
    }

    /** A duration with an optional minus sign, e.g. {@code -3s}. */
    Duration asSignedDuration() {
      String text = json.isTextual() ? json.asText().strip() : "";
      Matcher m = DURATION.matcher(text.startsWith("-") ? text.substring(1) : text);
      if (!m.matches()) {
        throw new Bad(
            path + ": '" + json.asText() + "' is not a signed duration (examples: 3s, -500ms)");
      }
      return text.startsWith("-") ? duration(m).negated() : duration(m);
    }

    private static Duration duration(Matcher m) {
      long amount = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        default -> Duration.ofDays(amount);
      };
    }

    <E> E asEnum(Function<String, Optional<E>> byName, E[] values, Function<E, String> names) {
      String text = asText();
      return byName
          .apply(text)
          .orElseThrow(
              () ->
                  new Bad(
                      path
                          + ": unknown value '"
                          + text
                          + "' (expected one of "
                          + Arrays.stream(values).map(names).collect(Collectors.joining(", "))
                          + ")"));
    }
  }
}
