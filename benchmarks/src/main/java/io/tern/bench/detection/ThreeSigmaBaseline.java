package io.tern.bench.detection;

import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.model.SeriesKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fixed 3-sigma baseline, per series: once the previous {@code window} readings of the series
 * are known, a reading with {@code |value - mean| > 3 * stddev} of those readings (population
 * standard deviation) raises an episode if none is active; the first reading back inside clears it.
 * The window slides over every reading, anomalous ones included. Not tuned to any data set. Replay
 * thread only.
 */
public final class ThreeSigmaBaseline implements ReplayDetector {
  private static final String KIND = "3SIGMA";
  private static final long NOT_ACTIVE = Long.MIN_VALUE;

  private final int window;
  private final Map<SeriesKey, Series> series = new HashMap<>();
  private final List<Episode> closed = new ArrayList<>();

  public ThreeSigmaBaseline(int window) {
    if (window < 2) {
      throw new IllegalArgumentException("window must be >= 2 readings, was " + window);
    }
    this.window = window;
  }

  @Override
  public String name() {
    return "3sigma";
  }

  @Override
  public void accept(List<Reading> batch, long nowMs) {
    for (Reading r : batch) {
      series.computeIfAbsent(r.series(), k -> new Series(window)).observe(r);
    }
  }

  @Override
  public void tick(long nowMs) {}

  @Override
  public List<Episode> episodes() {
    List<Episode> all = new ArrayList<>(closed);
    series.forEach(
        (key, s) -> {
          if (s.raisedMs != NOT_ACTIVE) {
            all.add(Episode.open(key.deviceId(), key.metric(), KIND, s.raisedMs));
          }
        });
    return all;
  }

  /** The last {@code window} values of one series (a ring) and its active episode. */
  private final class Series {
    private final double[] ring;
    private int count;
    private int next;
    private long raisedMs = NOT_ACTIVE;

    Series(int window) {
      ring = new double[window];
    }

    void observe(Reading r) {
      if (count == ring.length) {
        boolean outside = outside(r.value());
        if (outside && raisedMs == NOT_ACTIVE) {
          raisedMs = r.eventTimeMs();
        } else if (!outside && raisedMs != NOT_ACTIVE) {
          closed.add(new Episode(r.deviceId(), r.metric(), KIND, raisedMs, r.eventTimeMs()));
          raisedMs = NOT_ACTIVE;
        }
      } else {
        count++;
      }
      ring[next] = r.value();
      next = (next + 1) % ring.length;
    }

    private boolean outside(double value) {
      double sum = 0;
      for (double v : ring) {
        sum += v;
      }
      double mean = sum / ring.length;
      double squares = 0;
      for (double v : ring) {
        squares += (v - mean) * (v - mean);
      }
      double stddev = Math.sqrt(squares / ring.length);
      return Math.abs(value - mean) > 3 * stddev;
    }
  }
}
