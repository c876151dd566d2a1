package io.tern.gateway.core.dedupe;

import io.tern.gateway.core.model.Reading;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
 * <p>The state can be exported with {@link #snapshot()} and rebuilt with {@link #restore}. Not
 * thread-safe: called by the pipeline thread only.
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

  private LinkedHashMap<Long, SeqWindow> streams(String deviceId) {
    return devices.computeIfAbsent(deviceId, d -> new LinkedHashMap<>(8, 0.75f, true));
  }
}
