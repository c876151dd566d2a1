package io.tern.gateway.core.pipeline;

import io.tern.gateway.core.dedupe.Dedupe;
import io.tern.gateway.core.detect.Detectors;
import io.tern.gateway.core.model.DataGap;
import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.rollup.RollupWindows;
import io.tern.gateway.core.rollup.WindowOutcome;
import io.tern.gateway.core.snapshot.ChecksummedStreams;
import io.tern.gateway.core.snapshot.CorruptSnapshotException;
import io.tern.gateway.core.snapshot.IncompatibleSnapshotException;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.zip.CRC32;

/**
 * The gateway's processing of readings: exact dedupe, then event-time rollups and anomaly detection
 * per series.
 *
 * <p>A deterministic function of the sequence of batches and ticks it is given, each with the
 * gateway time it happened at ({@code nowMs}, which stamps {@code detectedAtMs} and drives the idle
 * close of windows): the gateway journals both, so a replay reproduces every output. Duplicates are
 * dropped before windows and detectors, so they never count twice.
 *
 * <p>Its complete state can be written with {@link #writeState} and rebuilt with {@link
 * #readState}: the rebuilt pipeline, given the same later input, emits exactly the same outputs.
 *
 * <p>Not thread-safe: one pipeline thread owns it (single writer), snapshots included.
 */
public final class Pipeline {
  /** "TGPS": Tern gateway pipeline state. */
  static final int MAGIC = 0x54475053;

  /** Version of the snapshot format; bump it when any component changes what it writes. */
  static final int FORMAT_VERSION = 4;

  private final PipelineSettings settings;
  private final Dedupe dedupe;
  private final RollupWindows windows;
  private final Detectors detectors;
  private final PipelineOutput output;

  public Pipeline(PipelineSettings settings, PipelineOutput output) {
    this(
        settings,
        output,
        new Dedupe(settings.dedupe(), output::dedupeStreamEvicted),
        new RollupWindows(settings.rollup()),
        new Detectors(settings.detection()));
  }

  private Pipeline(
      PipelineSettings settings,
      PipelineOutput output,
      Dedupe dedupe,
      RollupWindows windows,
      Detectors detectors) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.output = Objects.requireNonNull(output, "output");
    this.dedupe = dedupe;
    this.windows = windows;
    this.detectors = detectors;
  }

  /**
   * Writes the complete state: a restored pipeline given the same later input emits exactly the
   * same outputs. Does not change this pipeline's state.
   *
   * <p>Format: magic {@code "TGPS"}, format version, the {@link StateFingerprint settings that must
   * match}, then the dedupe, rollup and detector sections, an end tag, and a CRC-32 of all bytes
   * before it (as a long). Exactly these bytes go to {@code out}, all of them before this returns;
   * {@code out} is neither flushed nor closed.
   */
  public void writeState(DataOutput out) throws IOException {
    CRC32 crc = new CRC32();
    DataOutputStream body = ChecksummedStreams.output(out, crc);
    body.writeInt(MAGIC);
    body.writeInt(FORMAT_VERSION);
    StateFingerprint.of(settings).write(body);
    dedupe.write(body);
    windows.write(body);
    detectors.write(body);
    StateCodec.writeSection(body, "END.");
    body.flush();
    out.writeLong(crc.getValue());
  }

  /**
   * Rebuilds a pipeline from {@link #writeState}'s bytes, reading exactly those bytes.
   *
   * @throws CorruptSnapshotException if the snapshot is truncated, damaged or inconsistent
   * @throws IncompatibleSnapshotException if it is not a pipeline snapshot, is of another format
   *     version, or was taken under settings that do not match {@code settings} (the message names
   *     both values)
   * @throws IOException if reading {@code in} fails
   */
  public static Pipeline readState(PipelineSettings settings, PipelineOutput output, DataInput in)
      throws IOException {
    CRC32 crc = new CRC32();
    DataInputStream body = ChecksummedStreams.input(in, crc);
    try {
      readHeader(body);
      StateFingerprint.read(body).requireMatches(StateFingerprint.of(settings));
      Dedupe dedupe = Dedupe.read(settings.dedupe(), output::dedupeStreamEvicted, body);
      RollupWindows windows = RollupWindows.read(settings.rollup(), body);
      Detectors detectors = Detectors.read(settings.detection(), body);
      StateCodec.readSection(body, "END.");
      long expected = crc.getValue();
      long actual = in.readLong();
      if (actual != expected) {
        throw new CorruptSnapshotException(
            "pipeline snapshot is damaged: checksum 0x"
                + Long.toHexString(actual)
                + " stored, 0x"
                + Long.toHexString(expected)
                + " computed");
      }
      return new Pipeline(settings, output, dedupe, windows, detectors);
    } catch (EOFException e) {
      throw new CorruptSnapshotException("pipeline snapshot is truncated", e);
    } catch (RuntimeException e) {
      // a damaged value that a component's own checks let through; the checksum would fail too
      throw new CorruptSnapshotException("pipeline snapshot is corrupt: " + e, e);
    }
  }

  private static void readHeader(DataInput in) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new IncompatibleSnapshotException(
          "not a pipeline state snapshot: it starts with 0x"
              + Integer.toHexString(magic)
              + ", expected 0x"
              + Integer.toHexString(MAGIC));
    }
    int version = in.readInt();
    if (version != FORMAT_VERSION) {
      throw new IncompatibleSnapshotException(
          "pipeline snapshot format version "
              + version
              + " is not readable by this gateway, which reads version "
              + FORMAT_VERSION
              + ": restore it with a gateway of that version, or discard it and rebuild the state"
              + " by replaying the journal");
    }
  }

  /**
   * Processes one batch; its outputs, including corrected rollups of windows that its late readings
   * changed (one per window), are emitted to the {@link PipelineOutput} before it returns.
   *
   * @param nowMs gateway time the batch was received at, epoch ms
   */
  public void accept(List<Reading> batch, long nowMs) {
    for (Reading reading : batch) {
      process(reading, nowMs);
    }
    windows.flushCorrections().forEach(output::rollup);
  }

  /**
   * Processes the gaps an agent reported (seqs it dropped unsent): their seqs count as seen, so a
   * reading that turns up with one of them later is a duplicate, and each gap not reported before
   * is emitted once.
   */
  public void gaps(List<DataGap> gaps) {
    for (DataGap gap : gaps) {
      if (dedupe.markSeen(gap.deviceId(), gap.streamEpoch(), gap.firstSeq(), gap.lastSeq())) {
        output.gap(gap);
      }
    }
  }

  /** Processes a batch of one reading. */
  public void accept(Reading reading, long nowMs) {
    accept(List.of(reading), nowMs);
  }

  /**
   * Emits the windows of devices that went quiet for the idle timeout, and alerts of series and
   * devices that went silent. Call about once a second.
   *
   * @param nowMs gateway time of the tick, epoch ms
   */
  public void tick(long nowMs) {
    windows.closeIdle(nowMs).forEach(output::rollup);
    detectors.tick(nowMs, output::alert);
  }

  /**
   * The device said it is offline (its agent's MQTT will, or a clean shutdown): raises its {@link
   * io.tern.gateway.core.model.AlertKind#OFFLINE} alert at once instead of after the silence.
   *
   * @param nowMs gateway time the announcement was received at, epoch ms
   */
  public void deviceOffline(String deviceId, long nowMs) {
    detectors.deviceOffline(deviceId, nowMs, output::alert);
  }

  /** The device's watermark (greatest event time of its accepted readings), if it sent any. */
  public OptionalLong watermark(String deviceId) {
    return windows.watermark(deviceId);
  }

  /** Rollup windows not yet emitted (per device, metric and size). */
  public long openWindows() {
    return windows.openWindows();
  }

  private void process(Reading reading, long nowMs) {
    switch (dedupe.check(reading)) {
      case DUPLICATE -> {
        output.dropped(reading, DropReason.DUPLICATE);
        return;
      }
      case BEYOND_WINDOW -> {
        output.dropped(reading, DropReason.BEYOND_DEDUPE_WINDOW);
        return;
      }
      case FRESH -> {}
    }
    WindowOutcome outcome = windows.add(reading, nowMs);
    outcome.closed().forEach(output::rollup);
    switch (outcome.lateness()) {
      case ON_TIME -> {}
      case LATE -> output.lateReading(reading);
      case TOO_LATE -> output.dropped(reading, DropReason.TOO_LATE);
    }
    detectors.observe(reading, nowMs, output::alert);
  }
}
