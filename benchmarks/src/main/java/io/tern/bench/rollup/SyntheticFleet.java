package io.tern.bench.rollup;

import io.tern.gateway.core.model.Reading;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A fleet of simulated devices, each measuring every metric once per second of event time and
 * sending them as one batch per {@code batchSeconds}, the way an edge agent with a short linger
 * does. Values are smooth signals with noise; devices arrive in a shuffled order in each round, and
 * each device's seqs increase by one per reading. Deterministic for a seed. Not thread-safe.
 */
public final class SyntheticFleet {

  /**
   * One agent batch as the gateway receives it.
   *
   * @param readings readings of one device, in seq order
   * @param receivedAtMs gateway time the batch arrives at, epoch ms (non-decreasing over batches)
   */
  public record AgentBatch(List<Reading> readings, long receivedAtMs) {}

  private final String[] deviceIds;
  private final long[] streamEpochs;
  private final long[] nextSeq;
  private final String[] metrics;
  private final double[][] base;
  private final double[][] amplitude;
  private final int batchSeconds;
  private final SplittableRandom random;
  private final int[] order;
  private long nextSecondMs;

  /**
   * @param devices how many devices
   * @param metricsPerDevice how many metrics each device measures
   * @param batchSeconds seconds of readings per batch (1 = one batch per device per second)
   * @param startMs event time of the first readings, epoch ms (whole seconds)
   * @param seed makes the fleet reproducible
   */
  public SyntheticFleet(
      int devices, int metricsPerDevice, int batchSeconds, long startMs, long seed) {
    if (devices < 1 || metricsPerDevice < 1 || batchSeconds < 1 || startMs % 1000 != 0) {
      throw new IllegalArgumentException(
          "devices, metrics and batch seconds must be positive, start a whole second");
    }
    this.random = new SplittableRandom(seed);
    this.deviceIds = new String[devices];
    this.streamEpochs = new long[devices];
    this.nextSeq = new long[devices];
    this.order = new int[devices];
    this.metrics = new String[metricsPerDevice];
    this.base = new double[devices][metricsPerDevice];
    this.amplitude = new double[devices][metricsPerDevice];
    for (int m = 0; m < metricsPerDevice; m++) {
      metrics[m] = "metric-" + m;
    }
    for (int d = 0; d < devices; d++) {
      deviceIds[d] = String.format("dev-%05d", d);
      streamEpochs[d] = random.nextLong();
      order[d] = d;
      for (int m = 0; m < metricsPerDevice; m++) {
        base[d][m] = 10 + random.nextDouble() * 90;
        amplitude[d][m] = base[d][m] * 0.1;
      }
    }
    this.batchSeconds = batchSeconds;
    this.nextSecondMs = startMs;
  }

  /** Readings per second of event time, over the whole fleet. */
  public int readingsPerSecond() {
    return deviceIds.length * metrics.length;
  }

  /**
   * The batches of the next {@code seconds} of event time (a multiple of the batch seconds), in
   * arrival order: for each batch period, every device once, in a shuffled order.
   */
  public List<AgentBatch> next(int seconds) {
    if (seconds < 1 || seconds % batchSeconds != 0) {
      throw new IllegalArgumentException(
          "seconds must be a positive multiple of " + batchSeconds + ", was " + seconds);
    }
    List<AgentBatch> batches = new ArrayList<>(seconds / batchSeconds * deviceIds.length);
    for (int round = 0; round < seconds / batchSeconds; round++) {
      long roundStartMs = nextSecondMs;
      long roundEndMs = roundStartMs + batchSeconds * 1000L;
      shuffleOrder();
      for (int i = 0; i < order.length; i++) {
        long receivedAtMs = roundEndMs + 50 + (long) i * 500 / order.length;
        batches.add(new AgentBatch(batchOf(order[i], roundStartMs), receivedAtMs));
      }
      nextSecondMs = roundEndMs;
    }
    return batches;
  }

  private List<Reading> batchOf(int device, long roundStartMs) {
    List<Reading> readings = new ArrayList<>(batchSeconds * metrics.length);
    for (int s = 0; s < batchSeconds; s++) {
      long eventTimeMs = roundStartMs + s * 1000L;
      double phase = eventTimeMs / 600_000.0 * 2 * Math.PI; // a 10-minute cycle
      for (int m = 0; m < metrics.length; m++) {
        double value =
            base[device][m]
                + amplitude[device][m] * Math.sin(phase + device)
                + random.nextGaussian() * amplitude[device][m] * 0.05;
        readings.add(
            new Reading(
                deviceIds[device],
                streamEpochs[device],
                nextSeq[device]++,
                metrics[m],
                value,
                eventTimeMs));
      }
    }
    return readings;
  }

  private void shuffleOrder() {
    for (int i = order.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int tmp = order[i];
      order[i] = order[j];
      order[j] = tmp;
    }
  }
}
