package io.tern.sim.check;

import io.tern.sim.signal.AnomalyKind;
import io.tern.sim.signal.AnomalyLabel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Scores Tern's alerts against the simulator's ground-truth labels. A raised alert matches a label
 * when it is on the same device and metric and its {@code eventTimeMs} lies in {@code [startMs,
 * endMs + tolerance]}. Recall per anomaly kind = labels matched by at least one alert / labels;
 * precision per alert kind = alerts matching some label / alerts; delay of a detected label = the
 * earliest {@code detectedAtMs} of its matching alerts − {@code startMs}. Alerts count once per id
 * (a repeated delivery is not a second alert); only alerts of the run's series with event times in
 * {@code [first reading, last reading + tolerance]} are scored. Pure: no I/O.
 */
public final class AlertsCheck {

  /** Recall and delay for one anomaly kind; {@code minRecall} from the scenario, if set. */
  public record KindResult(
      AnomalyKind kind,
      int labels,
      int detected,
      Optional<Double> minRecall,
      OptionalDouble medianDelayMs,
      OptionalDouble maxDelayMs) {

    /** Empty when no anomaly of this kind was injected. */
    public OptionalDouble recall() {
      return labels == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) detected / labels);
    }

    /** Below the scenario's threshold (never when no threshold is set or nothing was injected). */
    public boolean failed() {
      return minRecall.isPresent()
          && recall().isPresent()
          && recall().getAsDouble() < minRecall.get();
    }
  }

  /** Precision of one alert kind of the gateway (e.g. {@code SPIKE}). */
  public record AlertKindResult(String kind, int raised, int matching) {
    public double precision() {
      return raised == 0 ? 0 : (double) matching / raised;
    }
  }

  public record Result(List<KindResult> kinds, List<AlertKindResult> alertKinds) {
    public Result {
      kinds = List.copyOf(kinds);
      alertKinds = List.copyOf(alertKinds);
    }

    public int raised() {
      return alertKinds.stream().mapToInt(AlertKindResult::raised).sum();
    }

    public int matching() {
      return alertKinds.stream().mapToInt(AlertKindResult::matching).sum();
    }
  }

  private AlertsCheck() {}

  /**
   * @param series the run's series, as {@code deviceId/metric}
   * @param firstMs event time of the run's first reading
   * @param lastMs event time of the run's last reading
   */
  public static Result score(
      Collection<AnomalyLabel> labels,
      Collection<ObservedAlert> alerts,
      Set<String> series,
      long firstMs,
      long lastMs,
      CheckSettings settings) {
    long tolerance = settings.tolerance().toMillis();
    Map<String, ObservedAlert> raised = new LinkedHashMap<>();
    for (ObservedAlert alert : alerts) {
      if (alert.raised()
          && series.contains(alert.deviceId() + "/" + alert.metric())
          && alert.eventTimeMs() >= firstMs
          && alert.eventTimeMs() <= lastMs + tolerance) {
        raised.putIfAbsent(alert.id(), alert);
      }
    }
    Map<String, List<ObservedAlert>> bySeries =
        raised.values().stream()
            .collect(Collectors.groupingBy(a -> a.deviceId() + "/" + a.metric()));
    Set<String> matchingIds = new java.util.HashSet<>();
    Map<AnomalyKind, List<Long>> delays = new EnumMap<>(AnomalyKind.class);
    Map<AnomalyKind, Integer> labelCounts = new EnumMap<>(AnomalyKind.class);
    for (AnomalyLabel label : labels) {
      labelCounts.merge(label.kind(), 1, Integer::sum);
      long earliest = Long.MAX_VALUE;
      for (ObservedAlert alert :
          bySeries.getOrDefault(label.deviceId() + "/" + label.metric(), List.of())) {
        if (alert.eventTimeMs() >= label.startMs()
            && alert.eventTimeMs() <= label.endMs() + tolerance) {
          matchingIds.add(alert.id());
          earliest = Math.min(earliest, alert.detectedAtMs());
        }
      }
      List<Long> kindDelays = delays.computeIfAbsent(label.kind(), k -> new ArrayList<>());
      if (earliest != Long.MAX_VALUE) {
        kindDelays.add(earliest - label.startMs());
      }
    }
    List<KindResult> kinds = new ArrayList<>();
    for (AnomalyKind kind : AnomalyKind.values()) {
      int count = labelCounts.getOrDefault(kind, 0);
      Optional<Double> min = Optional.ofNullable(settings.minRecall().get(kind));
      if (count == 0 && min.isEmpty()) {
        continue;
      }
      List<Long> kindDelays = delays.getOrDefault(kind, List.of());
      kinds.add(
          new KindResult(kind, count, kindDelays.size(), min, median(kindDelays), max(kindDelays)));
    }
    Map<String, int[]> perAlertKind = new TreeMap<>();
    for (ObservedAlert alert : raised.values()) {
      int[] counts = perAlertKind.computeIfAbsent(alert.kind(), k -> new int[2]);
      counts[0]++;
      if (matchingIds.contains(alert.id())) {
        counts[1]++;
      }
    }
    List<AlertKindResult> alertKinds = new ArrayList<>();
    perAlertKind.forEach((kind, c) -> alertKinds.add(new AlertKindResult(kind, c[0], c[1])));
    return new Result(kinds, alertKinds);
  }

  private static OptionalDouble median(List<Long> values) {
    if (values.isEmpty()) {
      return OptionalDouble.empty();
    }
    List<Long> sorted = values.stream().sorted().toList();
    int mid = sorted.size() / 2;
    return OptionalDouble.of(
        sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2.0);
  }

  private static OptionalDouble max(List<Long> values) {
    return values.stream().mapToDouble(Long::doubleValue).max();
  }
}
