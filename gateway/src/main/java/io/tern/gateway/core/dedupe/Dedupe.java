package io.tern.gateway.core.dedupe;

import io.tern.gateway.core.model.Reading;
import io.tern.gateway.core.snapshot.StateCodec;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Exact dedupe of readings on {@code (deviceId, streamEpoch, seq)}.
 *
 * <p>Per stream: a high-water mark and the exact set of seqs seen in the {@link
 * DedupeSettings#window()} seqs at and below it, so reordering within the window is handled exactly
 * and memory is bounded. A seq further below is {@link DedupeVerdict#BEYOND_WINDOW}. A new stream
 * epoch (a reinstalled agent) starts its own seqs. Per device at most {@link
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
  private final Map<String, LinkedHashMap<Long, SeqWindow>> devices = new HashMap<>();
  private String lastDeviceId;
  private LinkedHashMap<Long, SeqWindow> lastStreams;

  public Dedupe(DedupeSettings settings, EvictionListener evictions) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.evictions = Objects.requireNonNull(evictions, "evictions");
  }

  /** Rebuilds the state of a snapshot; it must have been taken with the same window size. */
  public static Dedupe restore(
      DedupeSettings settings, EvictionListener evictions, DedupeSnapshot snapshot) {
    if (snapshot.window() != settings.window()) {
      throw new IllegalArgumentException(
          "snapshot window " + snapshot.window() + " != configured " + settings.window());
    }
    Dedupe dedupe = new Dedupe(settings, evictions);
    for (DedupeSnapshot.StreamState s : snapshot.streams()) {
      dedupe
          .streams(s.deviceId())
          .put(s.streamEpoch(), SeqWindow.restore(settings.window(), s.highWaterMark(), s.seen()));
    }
    return dedupe;
  }

  /** Decides whether the reading is new, and remembers it if so. */
  public DedupeVerdict check(Reading reading) {
    LinkedHashMap<Long, SeqWindow> streams = streams(reading.deviceId());
    SeqWindow stream = streams.get(reading.streamEpoch()); // moves it to most recently used
    if (stream != null) {
      return stream.check(reading.seq());
    }
    if (streams.size() >= settings.maxStreamsPerDevice()) {
      Iterator<Map.Entry<Long, SeqWindow>> eldest = streams.entrySet().iterator();
      long evicted = eldest.next().getKey();
      eldest.remove();
      evictions.streamEvicted(reading.deviceId(), evicted);
    }
    streams.put(reading.streamEpoch(), new SeqWindow(settings.window(), reading.seq()));
    return DedupeVerdict.FRESH;
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
                        (epoch, window) ->
                            states.add(
                                new DedupeSnapshot.StreamState(
                                    device,
                                    epoch,
                                    window.highWaterMark(),
                                    window.seenBelowHighWaterMark()))));
    return new DedupeSnapshot(settings.window(), states);
  }

  /**
   * Writes the state to a snapshot: per stream (devices in name order, streams least recently used
   * first) the device id, stream epoch, high-water mark and the seen bits below it.
   */
  public void write(DataOutput out) throws IOException {
    List<DedupeSnapshot.StreamState> streams = snapshot().streams();
    StateCodec.writeSection(out, "DDUP");
    out.writeInt(streams.size());
    for (DedupeSnapshot.StreamState stream : streams) {
      out.writeUTF(stream.deviceId());
      out.writeLong(stream.streamEpoch());
      out.writeLong(stream.highWaterMark());
      long[] seen = stream.seen().toLongArray();
      out.writeInt(seen.length);
      for (long word : seen) {
        out.writeLong(word);
      }
    }
  }

  /**
   * Reads what {@link #write} wrote, under settings with the same window and stream limit (the
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
      long highWaterMark = in.readLong();
      int words = StateCodec.readCount(in, "dedupe seen-bits length", settings.window() / 64);
      long[] seen = new long[words];
      for (int w = 0; w < words; w++) {
        seen[w] = in.readLong();
      }
      StateCodec.check(
          seenStreams.add(deviceId + "\u0000" + epoch),
          "dedupe stream " + deviceId + "/" + epoch + " appears twice");
      int streamsOfDevice = perDevice.merge(deviceId, 1, Integer::sum);
      StateCodec.check(
          streamsOfDevice <= settings.maxStreamsPerDevice(),
          "device " + deviceId + " has more than " + settings.maxStreamsPerDevice() + " streams");
      streams.add(
          new DedupeSnapshot.StreamState(deviceId, epoch, highWaterMark, BitSet.valueOf(seen)));
    }
    return restore(settings, evictions, new DedupeSnapshot(settings.window(), streams));
  }

  private LinkedHashMap<Long, SeqWindow> streams(String deviceId) {
    // The readings of a batch share their device: remember the last one (devices are never
    // removed).
    if (!deviceId.equals(lastDeviceId)) {
      lastStreams = devices.computeIfAbsent(deviceId, d -> new LinkedHashMap<>(8, 0.75f, true));
      lastDeviceId = deviceId;
    }
    return lastStreams;
  }
}
