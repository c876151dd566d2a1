package io.tern.sim.check;

import java.util.Comparator;

/** One series: a metric of a device. */
record SeriesKey(String deviceId, String metric) implements Comparable<SeriesKey> {

  private static final Comparator<SeriesKey> ORDER =
      Comparator.comparing(SeriesKey::deviceId).thenComparing(SeriesKey::metric);

  @Override
  public int compareTo(SeriesKey other) {
    return ORDER.compare(this, other);
  }
}
