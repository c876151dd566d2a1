package io.tern.gateway.core.dedupe;

import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Exact dedupe of readings on {@code (deviceId, streamEpoch, seq)}.
 *
 * <p>Per stream, the exact set of seqs seen, as sorted, disjoint ranges: in-order readings extend
 * the top range in O(1), and a backlog drained behind live readings (any distance below them) grows
 * a second one, so both are decided exactly however far apart they are. Each seq not yet received
 * below the greatest one costs a range; at most {@link DedupeSettings#maxRanges()} are kept. When
 * one more would exceed it, the lowest two ranges are merged: the seqs in the hole between them
 * were never seen, but from then on it is not known whether they were, so they are {@link
 * DedupeVerdict#BEYOND_WINDOW} ("below the exact floor"), dropped and counted apart from
 * duplicates. These unknown seqs stay one interval: a later merge widens it over the seen seqs
 * between the holes too (details in {@code SeqRanges}). Every other seq stays exact, including seqs
 * below all the ranges (FRESH).
 *
 * <p>A new stream epoch (a reinstalled agent) starts its own seqs. Per device at most {@link
 * DedupeSettings#maxStreamsPerDevice()} streams are kept; the least recently used one is forgotten
 * and reported to the {@link EvictionListener}.
 *
 * <p>The state can be exported with {@link #snapshot()} and rebuilt with {@link #restore}, or
 * written to and read from a state snapshot with {@link #write} and {@link #read}. Not thread-safe:
 * called by the pipeline thread only.
 */
public final class Dedupe {

  /** Told when a stream is forgotten to make room for a newer one of the same device. */
  @FunctionalInterface
  public interface EvictionListener {
    void streamEvicted(String deviceId, long streamEpoch);
  }

  private final DedupeSettings settings;
  private final EvictionListener evictions;
  // Per device, streams in access order: the first one is the least recently used.
  private final Map<String, LinkedHashMap<Long, SeqRanges>> devices = new HashMap<>();
  // The readings of a batch share their device and stream: remember the last ones. The last
  // stream is its device's most recently used one already, so using it again needs no lookup.
  private String lastDeviceId;
  private LinkedHashMap<Long, SeqRanges> lastStreams;
  private long lastEpoch;
  private SeqRanges lastStream;

  public Dedupe(DedupeSettings settings, EvictionListener evictions) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.evictions = Objects.requireNonNull(evictions, "evictions");
  }

  /** Rebuilds the state of a snapshot; it must have been taken with the same range cap. */
  public static Dedupe restore(
      DedupeSettings settings, EvictionListener evictions, DedupeSnapshot snapshot) {
    if (snapshot.maxRanges() != settings.maxRanges()) {
      throw new IllegalArgumentException(
          "snapshot max ranges " + snapshot.maxRanges() + " != configured " + settings.maxRanges());
    }
    Dedupe dedupe = new Dedupe(settings, evictions);
    for (DedupeSnapshot.StreamState s : snapshot.streams()) {
      if (s.seen().size() > settings.maxRanges()) {
        throw new IllegalArgumentException(
            "dedupe stream "
                + s.deviceId()
                + "/"
                + s.streamEpoch()
                + " has "
                + s.seen().size()
                + " ranges, more than "
                + settings.maxRanges());
      }
      dedupe
          .streams(s.deviceId())
          .put(s.streamEpoch(), SeqRanges.restore(settings.maxRanges(), s.seen(), s.unknown()));
    }
    return dedupe;
  }

  /** Decides whether the reading is new, and remembers it if so. */
  public DedupeVerdict check(Reading reading) {
    SeqRanges stream = stream(reading.deviceId(), reading.streamEpoch());
    if (stream != null) {
      return stream.add(reading.seq());
    }
    start(reading.deviceId(), reading.streamEpoch(), reading.seq(), reading.seq());
    return DedupeVerdict.FRESH;
  }

  /**
   * Records the seqs {@code fromSeq} to {@code toSeq} (both included) of a stream as seen, e.g. the
   * seqs an agent reports it dropped unsent: later readings with them are duplicates. Starts the
   * stream if it is not remembered (which may evict another, as {@link #check} does).
   *
   * @return false if every seq of the range was already known to be seen (a repeated report)
   * @throws IllegalArgumentException if {@code fromSeq > toSeq}
   */
  public boolean markSeen(String deviceId, long streamEpoch, long fromSeq, long toSeq) {
    if (fromSeq > toSeq) {
      throw new IllegalArgumentException("fromSeq " + fromSeq + " > toSeq " + toSeq);
    }
    SeqRanges stream = stream(deviceId, streamEpoch);
    if (stream == null) {
      start(deviceId, streamEpoch, fromSeq, toSeq);
      return true;
    }
    if (stream.covers(fromSeq, toSeq)) {
      return false;
    }
    stream.addRange(fromSeq, toSeq);
    return true;
  }

  /** The current state as plain values (devices in name order, streams least recent first). */
  public DedupeSnapshot snapshot() {
    List<DedupeSnapshot.StreamState> states = new ArrayList<>();
    devices.keySet().stream()
        .sorted()
        .forEach(
            device ->
                devices
                    .get(device)
                    .forEach(
                        (epoch, ranges) ->
                            states.add(
                                new DedupeSnapshot.StreamState(
                                    device, epoch, ranges.seen(), ranges.unknown()))));
    return new DedupeSnapshot(settings.maxRanges(), states);
  }

  /**
   * Writes the state to a snapshot: per stream (devices in name order, streams least recently used
   * first) the device id, stream epoch, the seen ranges (count, then lo and hi of each) and whether
   * there are unknown seqs (then their lo and hi).
   */
  public void write(DataOutput out) throws IOException {
    List<DedupeSnapshot.StreamState> streams = snapshot().streams();
    StateCodec.writeSection(out, "DDUP");
    out.writeInt(streams.size());
    for (DedupeSnapshot.StreamState stream : streams) {
      out.writeUTF(stream.deviceId());
      out.writeLong(stream.streamEpoch());
      out.writeInt(stream.seen().size());
      for (SeqRange range : stream.seen()) {
        writeRange(out, range);
      }
      out.writeBoolean(stream.unknown().isPresent());
      if (stream.unknown().isPresent()) {
        writeRange(out, stream.unknown().get());
      }
    }
  }

  /**
   * Reads what {@link #write} wrote, under settings with the same range cap and stream limit (the
   * caller checks them). The least-recently-used order of each device's streams is kept.
   */
  public static Dedupe read(DedupeSettings settings, EvictionListener evictions, DataInput in)
      throws IOException {
    StateCodec.readSection(in, "DDUP");
    int count = StateCodec.readCount(in, "dedupe stream count", Integer.MAX_VALUE);
    List<DedupeSnapshot.StreamState> streams = new ArrayList<>();
    Map<String, Integer> perDevice = new HashMap<>();
    Set<String> seenStreams = new HashSet<>();
    for (int i = 0; i < count; i++) {
      String deviceId = in.readUTF();
      long epoch = in.readLong();
      String stream = "dedupe stream " + deviceId + "/" + epoch;
      int ranges = StateCodec.readCount(in, stream + " range count", settings.maxRanges());
      StateCodec.check(ranges > 0, stream + " has no ranges");
      List<SeqRange> seen = new ArrayList<>(ranges);
      for (int r = 0; r < ranges; r++) {
        seen.add(readRange(in, stream));
      }
      Optional<SeqRange> unknown =
          StateCodec.readBoolean(in, stream + " unknown seqs")
              ? Optional.of(readRange(in, stream))
              : Optional.empty();
      Optional<String> problem = DedupeSnapshot.StreamState.problem(seen, unknown);
      StateCodec.check(problem.isEmpty(), stream + ": " + problem.orElse(""));
      StateCodec.check(seenStreams.add(deviceId + "\u0000" + epoch), stream + " appears twice");
      int streamsOfDevice = perDevice.merge(deviceId, 1, Integer::sum);
      StateCodec.check(
          streamsOfDevice <= settings.maxStreamsPerDevice(),
          "device " + deviceId + " has more than " + settings.maxStreamsPerDevice() + " streams");
      streams.add(new DedupeSnapshot.StreamState(deviceId, epoch, seen, unknown));
    }
    return restore(settings, evictions, new DedupeSnapshot(settings.maxRanges(), streams));
  }

  private static void writeRange(DataOutput out, SeqRange range) throws IOException {
    out.writeLong(range.lo());
    out.writeLong(range.hi());
  }

  private static SeqRange readRange(DataInput in, String stream) throws IOException {
    long lo = in.readLong();
    long hi = in.readLong();
    StateCodec.check(lo <= hi, stream + ": seq range [" + lo + ", " + hi + "] is empty");
    return new SeqRange(lo, hi);
  }

  /** The stream, now its device's most recently used one, or null if it is not remembered. */
  private SeqRanges stream(String deviceId, long streamEpoch) {
    LinkedHashMap<Long, SeqRanges> streams = streams(deviceId);
    if (lastStream != null && streamEpoch == lastEpoch) {
      return lastStream;
    }
    SeqRanges stream = streams.get(streamEpoch); // moves it to most recently used
    if (stream != null) {
      lastEpoch = streamEpoch;
      lastStream = stream;
    }
    return stream;
  }

  /** Starts remembering a stream that has seen {@code [lo, hi]}, evicting the LRU one if full. */
  private void start(String deviceId, long streamEpoch, long lo, long hi) {
    LinkedHashMap<Long, SeqRanges> streams = streams(deviceId);
    if (streams.size() >= settings.maxStreamsPerDevice()) {
      Iterator<Map.Entry<Long, SeqRanges>> eldest = streams.entrySet().iterator();
      long evicted = eldest.next().getKey();
      eldest.remove();
      evictions.streamEvicted(deviceId, evicted);
    }
    SeqRanges stream = new SeqRanges(settings.maxRanges(), lo, hi);
    streams.put(streamEpoch, stream);
    lastEpoch = streamEpoch;
    lastStream = stream;
  }

  private LinkedHashMap<Long, SeqRanges> streams(String deviceId) {
    // devices are never removed, so the last device's map stays valid
    if (!deviceId.equals(lastDeviceId)) {
      lastStreams = devices.computeIfAbsent(deviceId, d -> new LinkedHashMap<>(8, 0.75f, true));
      lastDeviceId = deviceId;
      lastStream = null;
    }
    return lastStreams;
  }
}
