package io.tern.gateway.core.dedupe;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The whole state of a {@link Dedupe}, as plain values, to be persisted with a journal position.
 *
 * @param maxRanges the {@link DedupeSettings#maxRanges()} it was taken with
 * @param streams every remembered stream; per device, least recently used first
 */
public record DedupeSnapshot(int maxRanges, List<StreamState> streams) {

  public DedupeSnapshot {
    streams = List.copyOf(streams);
  }

  /**
   * One stream's state.
   *
   * @param seen the ranges of seqs seen: at least one, sorted, disjoint and not adjacent * @param
   *     unknown seqs of which it is no longer known whether they were seen, strictly inside one of
   *     the seen ranges, if its cap ever merged ranges
   */
  public record StreamState(
      String deviceId, long streamEpoch, List<SeqRange> seen, Optional<SeqRange> unknown) {

    public StreamState {
      Objects.requireNonNull(deviceId, "deviceId");
      seen = List.copyOf(seen);
      Objects.requireNonNull(unknown, "unknown");
      Optional<String> problem = problem(seen, unknown);
      if (problem.isPresent()) {
        throw new IllegalArgumentException(
            "dedupe stream " + deviceId + "/" + streamEpoch + ": " + problem.get());
      }
    }

    /** What is wrong with these ranges, if anything. */
    static Optional<String> problem(List<SeqRange> seen, Optional<SeqRange> unknown) {
      if (seen.isEmpty()) {
        return Optional.of("no seen seqs");
      }
      for (int i = 1; i < seen.size(); i++) {
        SeqRange below = seen.get(i - 1);
        SeqRange range = seen.get(i);
        // apart: at least one seq between them (range.lo() > below.hi(), so lo - 1 cannot overflow)
        if (range.lo() <= below.hi() || range.lo() - 1 == below.hi()) {
          return Optional.of(
              "seen ranges " + below + " and " + range + " are not sorted, disjoint and apart");
        }
      }
      if (unknown.isPresent()
          && seen.stream()
              .noneMatch(r -> r.lo() < unknown.get().lo() && unknown.get().hi() < r.hi())) {
        return Optional.of("unknown seqs " + unknown.get() + " are not strictly inside a range");
      }
      return Optional.empty();
    }
  }
}
