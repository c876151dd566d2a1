package io.tern.sim.fleet;

import io.tern.agent.batch.Batch;
import io.tern.agent.batch.Reading;
import io.tern.agent.wire.TelemetryMapper;
import io.tern.sim.fault.FaultPlan;
import io.tern.sim.fault.FaultStats;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A {@code direct} device: no agent, no outbox. Each tick's readings become one {@code
 * TelemetryBatch} of the device's own stream (a fresh random stream epoch per run, seqs from 1)
 * handed to its {@link BatchPublisher}; while a reorder fault is in force some batches are held
 * back until {@code depth} later ones were queued. The cheap mode for load: unacknowledged batches
 * live in memory only. Ticked by the fleet's clock thread.
 */
@SuppressWarnings("NonAtomicVolatileUpdate") // single writer: the sim-clock thread
final class DirectDevice implements SimDevice {

  private record Held(byte[] payload, int readings, long releaseAfter) {}

  private final DeviceSampler sampler;
  private final FaultPlan faults;
  private final BatchPublisher publisher;
  private final InstantSource clock;
  private final SplittableRandom random;
  private final long streamEpoch;
  private final List<Held> held = new ArrayList<>();
  private long nextSeq = 1;
  private long queued;
  private volatile long reordered;

  DirectDevice(
      DeviceSampler sampler,
      FaultPlan faults,
      BatchPublisher publisher,
      InstantSource clock,
      SplittableRandom random,
      long streamEpoch) {
    this.sampler = sampler;
    this.faults = faults;
    this.publisher = publisher;
    this.clock = clock;
    this.random = random;
    this.streamEpoch = streamEpoch;
  }

  @Override
  public void tick(long nowMs, long elapsedMs) {
    List<Reading> readings = new ArrayList<>();
    sampler.sample(
        nowMs,
        elapsedMs,
        (metric, value, t) -> readings.add(new Reading(nextSeq++, metric, value, t)));
    if (!readings.isEmpty()) {
      byte[] payload =
          TelemetryMapper.encode(
              sampler.deviceId(), streamEpoch, new Batch(readings, false, 0), clock.millis());
      FaultPlan.Reordering reordering = faults.reordering(sampler.deviceId(), elapsedMs);
      if (reordering.share() > 0 && random.nextDouble() < reordering.share()) {
        held.add(new Held(payload, readings.size(), queued + reordering.depth()));
        reordered++;
      } else {
        publisher.enqueue(payload, readings.size());
        queued++;
      }
    }
    release(false);
  }

  /** Queues the held batches that waited long enough (all of them when {@code all}). */
  private void release(boolean all) {
    for (Iterator<Held> it = held.iterator(); it.hasNext(); ) {
      Held h = it.next();
      if (all || queued >= h.releaseAfter()) {
        publisher.enqueue(h.payload(), h.readings());
        queued++;
        it.remove();
      }
    }
  }

  @Override
  public void stopSampling() {
    release(true);
  }

  void pump() {
    publisher.pump();
  }

  @Override
  public long readings() {
    return sampler.readings();
  }

  @Override
  public long readingsAcked() {
    return publisher.ackedReadings();
  }

  @Override
  public long anomalies() {
    return sampler.anomalies();
  }

  @Override
  public boolean connected() {
    return publisher.connected();
  }

  @Override
  public FaultStats faultStats() {
    return new FaultStats(
        0,
        0,
        publisher.duplicatesSent(),
        reordered,
        0,
        0,
        sampler.burstReadings(),
        sampler.shiftedReadings());
  }

  @Override
  public void close() {
    publisher.close();
  }
}
