package io.tern.agent.source.influx;

import io.tern.agent.source.MetricNames;
import io.tern.agent.source.ReadingSink;
import io.tern.agent.source.influx.LineProtocol.Invalid;
import io.tern.agent.source.influx.LineProtocol.Point;
import io.tern.agent.source.influx.LineProtocol.Points;
import io.tern.agent.source.influx.LineProtocol.Skipped;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns received lines into readings: parses each, hands its points to the sink, counts what was
 * skipped or refused, and logs bad lines and refused readings at most once per {@link #LOG_EVERY}
 * (the first, then every 1000th), with the peer that sent them.
 *
 * <p>Threads: thread-safe; called by the listener's UDP thread and its TCP connection threads.
 */
final class LineIngest {
  static final long LOG_EVERY = 1_000;
  private static final Logger log = LoggerFactory.getLogger(LineIngest.class);

  private final LineProtocol protocol;
  private final ReadingSink sink;
  private final InstantSource clock;
  private final LongAdder lines = new LongAdder();
  private final LongAdder readings = new LongAdder();
  private final AtomicLong invalid = new AtomicLong();
  private final LongAdder strings = new LongAdder();
  private final AtomicLong failures = new AtomicLong();
  private final LongAdder connections = new LongAdder();

  LineIngest(LineProtocol protocol, ReadingSink sink, InstantSource clock) {
    this.protocol = protocol;
    this.sink = sink;
    this.clock = clock;
  }

  /**
   * @param peer who sent the line, for log messages ({@code udp 127.0.0.1:5000})
   */
  void accept(String line, String peer) {
    LineProtocol.Line parsed = protocol.parse(line, clock.millis());
    if (parsed instanceof Points p) {
      lines.increment();
      strings.add(p.stringFieldsSkipped());
      for (Point point : p.points()) {
        record(point, peer);
      }
    } else if (parsed instanceof Invalid bad) {
      lines.increment();
      invalid(bad.reason(), line, peer);
    } else if (!(parsed instanceof Skipped)) {
      throw new IllegalStateException("unexpected parse outcome " + parsed);
    }
  }

  /** A line that could not even be read as text (too long). */
  void invalid(String reason, String line, String peer) {
    long count = invalid.incrementAndGet();
    if (count % LOG_EVERY == 1) {
      log.warn(
          "Invalid line protocol from {} ({} invalid lines so far, logging 1 in {}): {}: '{}'",
          peer,
          count,
          LOG_EVERY,
          reason,
          MetricNames.abbreviate(line));
    }
  }

  void connectionAccepted() {
    connections.increment();
  }

  InfluxStats stats() {
    return new InfluxStats(
        lines.sum(),
        readings.sum(),
        invalid.get(),
        strings.sum(),
        failures.get(),
        connections.sum());
  }

  private void record(Point point, String peer) {
    try {
      sink.record(point.metric(), point.value(), point.eventTimeMs());
      readings.increment();
    } catch (RuntimeException e) {
      long count = failures.incrementAndGet();
      if (count % LOG_EVERY == 1) {
        log.error(
            "Agent refused reading {} from {} ({} refused so far, logging 1 in {})",
            point.metric(),
            peer,
            count,
            LOG_EVERY,
            e);
      }
    }
  }
}
