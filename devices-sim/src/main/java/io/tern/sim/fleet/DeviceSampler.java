package io.tern.sim.fleet;

import io.tern.sim.fault.FaultPlan;
import io.tern.sim.signal.AnomalyLabel;
import io.tern.sim.signal.SeriesGenerator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Takes one scenario device's readings at a tick: every metric's {@link SeriesGenerator} at the
 * device's event time (the clock plus its clock skews and jumps in force), {@code factor} times
 * spread over the interval during a burst. Labels of anomalies that start go to {@code labels},
 * every reading to {@code listener} (what was generated). Called by one thread at a time (the
 * fleet's clock thread, or the builder for a process device's file).
 */
@SuppressWarnings("NonAtomicVolatileUpdate") // single writer
final class DeviceSampler {

  /** Where the readings go. */
  @FunctionalInterface
  interface Sink {
    void record(String metric, double value, long eventTimeMs);
  }

  private final String deviceId;
  private final List<SeriesGenerator> series;
  private final long intervalMs;
  private final FaultPlan faults;
  private final Consumer<AnomalyLabel> labels;
  private final ReadingListener listener;
  private volatile long readings;
  private volatile long anomalies;
  private volatile long burstReadings;
  private volatile long shiftedReadings;

  DeviceSampler(
      String deviceId,
      List<SeriesGenerator> series,
      long intervalMs,
      FaultPlan faults,
      Consumer<AnomalyLabel> labels,
      ReadingListener listener) {
    this.deviceId = deviceId;
    this.series = List.copyOf(series);
    this.intervalMs = intervalMs;
    this.faults = faults;
    this.labels = labels;
    this.listener = listener;
  }

  String deviceId() {
    return deviceId;
  }

  void sample(long nowMs, long elapsedMs, Sink sink) {
    long offset = faults.eventTimeOffsetMs(deviceId, elapsedMs);
    int factor = faults.burstFactor(deviceId, elapsedMs);
    for (int k = 0; k < factor; k++) {
      long eventTimeMs = nowMs + offset + k * intervalMs / factor;
      for (SeriesGenerator generator : series) {
        SeriesGenerator.Sample sample = generator.next(eventTimeMs);
        if (sample.started().isPresent()) {
          labels.accept(sample.started().get());
          anomalies++;
        }
        if (sample.present()) {
          sink.record(generator.metric(), sample.value(), eventTimeMs);
          readings++;
          listener.recorded(deviceId, generator.metric(), eventTimeMs);
          burstReadings += k > 0 ? 1 : 0;
          shiftedReadings += offset != 0 ? 1 : 0;
        }
      }
    }
  }

  long readings() {
    return readings;
  }

  long anomalies() {
    return anomalies;
  }

  long burstReadings() {
    return burstReadings;
  }

  long shiftedReadings() {
    return shiftedReadings;
  }
}
