package io.tern.gateway.core.dedupe;

import static io.tern.gateway.core.dedupe.DedupeTest.reading;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Dedupe against a {@link HashSet} of the seqs seen (jqwik), for any order and duplication of seqs
 * and seq ranges marked seen, on a few streams: under the range cap every verdict is exact; over
 * it, a seq is {@code BEYOND_WINDOW} exactly when it is among the unknown seqs, and exact
 * otherwise.
 */
class DedupePropertiesTest {
  private static final String[] DEVICES = {"a", "b"};
  private static final long MAX_SEQ = 300;
  private static final long MAX_MARKED = 20;

  /** A check of {@code seq} if {@code length} is 0, else a markSeen of that many seqs from it. */
  record Op(int stream, long seq, long length) {
    String device() {
      return DEVICES[stream % 2];
    }

    long epoch() {
      return stream / 2;
    }
  }

  @Provide
  Arbitrary<List<Op>> ops() {
    Arbitrary<Long> length =
        Arbitraries.frequencyOf(
            Tuple.of(9, Arbitraries.just(0L)),
            Tuple.of(1, Arbitraries.longs().between(1, MAX_MARKED)));
    Arbitrary<List<Op>> scattered =
        Combinators.combine(
                Arbitraries.integers().between(0, 3),
                Arbitraries.longs().between(0, MAX_SEQ),
                length)
            .as(Op::new)
            .list()
            .ofMaxSize(400);
    // every seq of a block in any order, part of them twice: one stream
    Arbitrary<List<Op>> permuted =
        Arbitraries.longs()
            .between(1, MAX_SEQ)
            .flatMap(
                n -> {
                  List<Op> block = new ArrayList<>();
                  LongStream.rangeClosed(0, n).forEach(seq -> block.add(new Op(0, seq, 0)));
                  LongStream.rangeClosed(0, n / 3).forEach(seq -> block.add(new Op(0, seq, 0)));
                  return Arbitraries.shuffle(block);
                });
    return Arbitraries.oneOf(scattered, permuted);
  }

  @Property(tries = 300)
  void underTheCap_everyVerdictIsExact(@ForAll("ops") List<Op> ops) throws IOException {
    Dedupe dedupe = new Dedupe(new DedupeSettings(1024, 4), (d, e) -> {});
    Map<Integer, Set<Long>> seen = new HashMap<>();

    for (Op op : ops) {
      Set<Long> oracle = seen.computeIfAbsent(op.stream(), s -> new HashSet<>());
      if (op.length() == 0) {
        DedupeVerdict expected =
            oracle.add(op.seq()) ? DedupeVerdict.FRESH : DedupeVerdict.DUPLICATE;
        assertThat(dedupe.check(reading(op.device(), op.epoch(), op.seq())))
            .as("%s", op)
            .isEqualTo(expected);
      } else {
        mark(dedupe, op, oracle);
      }
    }

    for (DedupeSnapshot.StreamState stream : dedupe.snapshot().streams()) {
      Set<Long> oracle = seen.get(streamOf(stream));
      assertThat(stream.seen()).isEqualTo(ranges(oracle));
      assertThat(stream.unknown()).isEmpty();
    }
    assertReadBackTheSame(dedupe, new DedupeSettings(1024, 4));
  }

  @Property(tries = 300)
  void overTheCap_onlyTheUnknownSeqsAreBeyondTheWindow_theOthersExact(
      @ForAll("ops") List<Op> ops, @ForAll @IntRange(min = 1, max = 6) int maxRanges)
      throws IOException {
    DedupeSettings settings = new DedupeSettings(maxRanges, 4);
    Dedupe dedupe = new Dedupe(settings, (d, e) -> {});
    Map<Integer, Set<Long>> seen = new HashMap<>();

    for (Op op : ops) {
      Set<Long> oracle = seen.computeIfAbsent(op.stream(), s -> new HashSet<>());
      if (op.length() == 0) {
        boolean unknown =
            unknown(dedupe, op.device(), op.epoch()).filter(u -> u.contains(op.seq())).isPresent();
        DedupeVerdict expected =
            unknown
                ? DedupeVerdict.BEYOND_WINDOW
                : oracle.add(op.seq()) ? DedupeVerdict.FRESH : DedupeVerdict.DUPLICATE;
        assertThat(dedupe.check(reading(op.device(), op.epoch(), op.seq())))
            .as("%s", op)
            .isEqualTo(expected);
      } else {
        mark(dedupe, op, oracle);
      }
    }

    boolean merged = false;
    for (DedupeSnapshot.StreamState stream : dedupe.snapshot().streams()) {
      Set<Long> oracle = seen.get(streamOf(stream));
      assertThat(stream.seen()).hasSizeLessThanOrEqualTo(maxRanges);
      for (long seq = -1; seq <= MAX_SEQ + MAX_MARKED + 1; seq++) {
        long s = seq;
        boolean inRanges = stream.seen().stream().anyMatch(r -> r.contains(s));
        boolean unknown = stream.unknown().filter(u -> u.contains(s)).isPresent();
        if (oracle.contains(seq)) {
          assertThat(inRanges).as("seen seq %d is in a range", seq).isTrue();
        } else if (!unknown) {
          assertThat(inRanges).as("unseen seq %d is in no range", seq).isFalse();
        }
      }
      merged |= stream.unknown().isPresent();
    }
    Statistics.label("ranges merged").collect(merged);
    Statistics.label("ranges merged").coverage(c -> c.check(true).percentage(p -> p >= 20));
    assertReadBackTheSame(dedupe, settings);
  }

  private static void mark(Dedupe dedupe, Op op, Set<Long> oracle) {
    long to = op.seq() + op.length() - 1;
    dedupe.markSeen(op.device(), op.epoch(), op.seq(), to);
    LongStream.rangeClosed(op.seq(), to).forEach(oracle::add);
  }

  private static Optional<SeqRange> unknown(Dedupe dedupe, String device, long epoch) {
    return dedupe.snapshot().streams().stream()
        .filter(s -> s.deviceId().equals(device) && s.streamEpoch() == epoch)
        .findFirst()
        .flatMap(DedupeSnapshot.StreamState::unknown);
  }

  private static int streamOf(DedupeSnapshot.StreamState stream) {
    return (int) stream.streamEpoch() * 2 + (stream.deviceId().equals(DEVICES[0]) ? 0 : 1);
  }

  /** The seqs as sorted, disjoint, non-adjacent ranges. */
  private static List<SeqRange> ranges(Set<Long> seqs) {
    List<SeqRange> ranges = new ArrayList<>();
    for (long seq : new TreeSet<>(seqs)) {
      int last = ranges.size() - 1;
      if (last >= 0 && ranges.get(last).hi() == seq - 1) {
        ranges.set(last, new SeqRange(ranges.get(last).lo(), seq));
      } else {
        ranges.add(new SeqRange(seq, seq));
      }
    }
    return ranges;
  }

  private static void assertReadBackTheSame(Dedupe dedupe, DedupeSettings settings)
      throws IOException {
    byte[] bytes = DedupeSnapshotTest.bytes(dedupe);
    Dedupe read = Dedupe.read(settings, (d, e) -> {}, DedupeSnapshotTest.input(bytes));
    assertThat(read.snapshot()).isEqualTo(dedupe.snapshot());
  }
}
