package io.tern.gateway.core.dedupe;

import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * The whole state of a {@link Dedupe}, as plain values, to be persisted with a journal position.
 *
 * @param window the {@link DedupeSettings#window()} it was taken with
 * @param streams every remembered stream; per device, least recently used first
 */
public record DedupeSnapshot(int window, List<StreamState> streams) {

  public DedupeSnapshot {
    streams = List.copyOf(streams);
  }

  /**
   * One stream's state.
   *
   * @param highWaterMark the greatest seq seen
   * @param seen bit {@code k} set = seq {@code highWaterMark - k} was seen, k in [0, window)
   */
  public record StreamState(String deviceId, long streamEpoch, long highWaterMark, BitSet seen) {

    public StreamState {
      Objects.requireNonNull(deviceId, "deviceId");
      seen = (BitSet) seen.clone();
    }

    @Override
    public BitSet seen() {
      return (BitSet) seen.clone();
    }
  }
}
