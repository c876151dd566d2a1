package io.tern.bench.detection;

import io.tern.gateway.core.model.Reading;
import io.tern.sim.scenario.DeviceType;
import io.tern.sim.scenario.Scenario;
import io.tern.sim.signal.AnomalyLabel;
import io.tern.sim.signal.MetricSpec;
import io.tern.sim.signal.SeriesGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The device simulator's signal models with injected, labelled anomalies, generated directly with
 * {@link SeriesGenerator} (no MQTT): every device of the scenario samples all its metrics each
 * interval from {@link #START} for the given duration; a dropout produces no reading. Seeded like
 * the simulator's fleet (one {@link SplittableRandom#split()} per series, in scenario order), so a
 * seed gives the same data every run.
 *
 * <p>Labels are series-scoped: a reading is anomalous when it lies in its series' injected anomaly
 * ({@code t == start} or {@code t < end}); each {@link AnomalyLabel} is one segment {@code [start,
 * max(end, start + 1 ms))} of its kind ({@code spike}, {@code dip}, {@code level-shift}, {@code
 * stuck}, {@code drift}, {@code dropout}).
 */
public final class SimDataSet implements DataSet {
  /** Midnight UTC, so that daily models start at their minimum. */
  public static final Instant START = Instant.parse("2026-01-05T00:00:00Z");

  private final Scenario scenario;
  private final Duration duration;
  private final Consumer<String> progress;

  public SimDataSet(Scenario scenario, Duration duration, Consumer<String> progress) {
    if (duration.isNegative() || duration.isZero()) {
      throw new IllegalArgumentException("duration must be positive: " + duration);
    }
    this.scenario = scenario;
    this.duration = duration;
    this.progress = progress;
  }

  @Override
  public String name() {
    return "sim";
  }

  /** One device: its generators, next sample time and stream position. */
  private static final class Device {
    final String id;
    final long intervalMs;
    final List<SeriesGenerator> series = new ArrayList<>();
    final List<LabelledRows.Builder> rows = new ArrayList<>();
    final List<AnomalyLabel> current = new ArrayList<>();
    long nextMs;
    long seq;

    final int index;

    Device(String id, int index, long intervalMs, long startMs) {
      this.id = id;
      this.index = index;
      this.intervalMs = intervalMs;
      this.nextMs = startMs;
    }
  }

  @Override
  public GroundTruth replay(BatchSink sink) {
    long startMs = START.toEpochMilli();
    long endMs = startMs + duration.toMillis();
    List<Device> devices = devices(startMs);
    PriorityQueue<Device> due =
        new PriorityQueue<>(
            (a, b) ->
                a.nextMs != b.nextMs
                    ? Long.compare(a.nextMs, b.nextMs)
                    : Integer.compare(a.index, b.index));
    due.addAll(devices);
    List<Segment> segments = new ArrayList<>();
    long nextReportMs = startMs + Duration.ofHours(1).toMillis();
    while (!due.isEmpty() && due.peek().nextMs < endMs) {
      Device d = due.poll();
      long t = d.nextMs;
      if (t >= nextReportMs) {
        progress.accept("sim: " + (t - startMs) / 3_600_000 + " h of " + hours() + " h generated");
        nextReportMs += Duration.ofHours(1).toMillis();
      }
      List<Reading> batch = sample(d, t, segments);
      if (!batch.isEmpty()) {
        sink.accept(batch, t);
      }
      d.nextMs = t + d.intervalMs;
      due.add(d);
    }
    List<LabelledRows> rows = new ArrayList<>();
    for (Device d : devices) {
      d.rows.stream().filter(b -> !b.isEmpty()).map(LabelledRows.Builder::build).forEach(rows::add);
    }
    return new GroundTruth(name(), GroundTruth.Scope.SERIES, rows, segments);
  }

  private List<Reading> sample(Device d, long t, List<Segment> segments) {
    List<Reading> batch = new ArrayList<>(d.series.size());
    for (int i = 0; i < d.series.size(); i++) {
      SeriesGenerator generator = d.series.get(i);
      SeriesGenerator.Sample sample = generator.next(t);
      Optional<AnomalyLabel> started = sample.started();
      if (started.isPresent()) {
        AnomalyLabel l = started.get();
        d.current.set(i, l);
        long end = Math.max(l.endMs(), l.startMs() + 1);
        segments.add(new Segment(d.id, l.metric(), l.kind().yamlName(), l.startMs(), end));
      }
      if (!sample.present()) {
        continue;
      }
      AnomalyLabel label = d.current.get(i);
      boolean anomalous = label != null && (t == label.startMs() || t < label.endMs());
      d.rows.get(i).add(t, anomalous);
      batch.add(new Reading(d.id, 1L, d.seq++, generator.metric(), sample.value(), t));
    }
    return batch;
  }

  private List<Device> devices(long startMs) {
    SplittableRandom seeds = new SplittableRandom(scenario.seed());
    List<Device> devices = new ArrayList<>();
    for (DeviceType type : scenario.deviceTypes()) {
      long intervalMs = type.sampleInterval().toMillis();
      for (int i = 0; i < type.count(); i++) {
        Device d = new Device(type.deviceId(i), devices.size(), intervalMs, startMs);
        for (MetricSpec metric : type.metrics()) {
          d.series.add(new SeriesGenerator(d.id, metric, intervalMs, seeds.split()));
          d.rows.add(new LabelledRows.Builder(d.id, metric.name()));
          d.current.add(null);
        }
        devices.add(d);
      }
    }
    return devices;
  }

  private String hours() {
    return Double.toString(duration.toMinutes() / 60.0);
  }
}
