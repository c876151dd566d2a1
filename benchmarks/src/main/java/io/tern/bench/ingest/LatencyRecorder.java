package io.tern.bench.ingest;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Records latencies in nanoseconds into an HdrHistogram {@link Recorder} (3 significant digits, up
 * to 5 minutes; longer values are clamped and counted as such).
 *
 * <p>Threading: {@link #record} from any thread (MQTT client threads); {@link #interval} from one
 * thread only (the benchmark's control thread).
 */
public final class LatencyRecorder {
  static final long HIGHEST_NANOS = TimeUnit.MINUTES.toNanos(5);

  private final Recorder recorder = new Recorder(HIGHEST_NANOS, 3);

  /** Records one latency; negative values count as 0, values above 5 minutes as 5 minutes. */
  public void record(long nanos) {
    recorder.recordValue(Math.max(0, Math.min(nanos, HIGHEST_NANOS)));
  }

  /** The values recorded since the previous call (or since creation); resets the interval. */
  public Histogram interval() {
    return recorder.getIntervalHistogram();
  }

  /** An empty histogram that intervals can be added to. */
  public static Histogram emptyHistogram() {
    return new Histogram(HIGHEST_NANOS, 3);
  }
}
