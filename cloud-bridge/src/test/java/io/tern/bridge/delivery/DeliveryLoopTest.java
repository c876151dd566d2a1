package io.tern.bridge.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.bridge.output.Output;
import io.tern.bridge.output.OutputKind;
import io.tern.bridge.sink.Sink;
import io.tern.bridge.sink.SinkException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DeliveryLoopTest {

  private static final DeliverySettings SETTINGS =
      new DeliverySettings(
          2, Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofMillis(400));

  private final ListSource source = new ListSource();
  private final FlakySink sink = new FlakySink();
  private final DeliveryStats stats = new DeliveryStats();
  private final DeliveryLoop loop = new DeliveryLoop(source, sink, stats, SETTINGS);

  @Test
  void step_deliversABatchThenCommitsIt() {
    source.append(rollup("r1"), alert("a1"), rollup("r2"));

    Step step = loop.step();

    assertThat(step).isEqualTo(new Step.Delivered(2, 0));
    assertThat(sink.durable).extracting(Output::id).containsExactly("r1", "a1");
    assertThat(source.committed).isEqualTo(2);
    assertThat(stats.rollupsDelivered()).isEqualTo(1);
    assertThat(stats.alertsDelivered()).isEqualTo(1);
    assertThat(stats.lag()).isEqualTo(1);
    assertThat(stats.sinkUp()).isTrue();
  }

  @Test
  void step_sinkFailure_keepsTheBatchUncommittedAndRetriesItWithGrowingBackoff() {
    source.append(rollup("r1"), rollup("r2"));
    sink.failuresLeft = 3;

    List<Step> steps = List.of(loop.step(), loop.step(), loop.step());

    assertThat(steps)
        .extracting(s -> ((Step.Failed) s).retryIn())
        .containsExactly(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
    assertThat(source.committed).isZero();
    assertThat(stats.lag()).isEqualTo(2);
    assertThat(stats.sinkUp()).isFalse();

    assertThat(loop.step()).isEqualTo(new Step.Delivered(2, 0));
    assertThat(sink.durable).extracting(Output::id).containsExactly("r1", "r2");
    assertThat(source.committed).isEqualTo(2);
    assertThat(loop.step()).isInstanceOf(Step.Idle.class);
  }

  @Test
  void step_backoffIsCappedAndResetAfterSuccess() {
    source.append(rollup("r1"));
    sink.failuresLeft = 5;
    for (int i = 0; i < 4; i++) {
      loop.step();
    }
    assertThat(((Step.Failed) loop.step()).retryIn()).isEqualTo(Duration.ofMillis(400));
    loop.step();
    source.append(rollup("r2"));
    sink.failuresLeft = 1;
    assertThat(((Step.Failed) loop.step()).retryIn()).isEqualTo(Duration.ofMillis(100));
  }

  @Test
  void step_undecodableEntriesAreCountedAndCommittedPast() {
    source.appendUndecodable();
    source.append(rollup("r1"));

    assertThat(loop.step()).isEqualTo(new Step.Delivered(1, 1));
    assertThat(stats.decodeErrors()).isEqualTo(1);
    assertThat(source.committed).isEqualTo(2);
  }

  @Test
  void step_exactlyOnceSink_afterAFailureResumesWhereTheSinkCommittedNotWhereTheSourceDid() {
    source.append(rollup("r1"), rollup("r2"), rollup("r3"), rollup("r4"));
    sink.storesPositions = true;
    sink.commitThenFail = true; // the transaction committed, but the answer was lost

    assertThat(loop.step()).isInstanceOf(Step.Failed.class);
    assertThat(source.committed).isZero();

    assertThat(loop.step()).isEqualTo(new Step.Delivered(2, 0));
    assertThat(sink.durable).extracting(Output::id).containsExactly("r1", "r2", "r3", "r4");
    assertThat(source.committed).isEqualTo(4);
    assertThat(loop.step()).isInstanceOf(Step.Idle.class);
  }

  @Test
  void step_retriedBatch_countsUndecodableEntriesOnce() {
    source.appendUndecodable();
    source.append(rollup("r1"));
    sink.failuresLeft = 2;

    loop.step();
    loop.step();

    assertThat(loop.step()).isEqualTo(new Step.Delivered(1, 1));
    assertThat(stats.decodeErrors()).isEqualTo(1);
  }

  @Test
  void fatalSinkFailure_stopsTheLoopAndRecordsWhy() throws Exception {
    source.append(rollup("r1"));
    sink.fatal = true;

    assertThat(loop.step()).isEqualTo(new Step.Stopped("fenced"));
    assertThat(stats.fatalError()).isEqualTo("fenced");

    Thread thread = new Thread(loop, "delivery-under-test");
    thread.start();
    thread.join(Duration.ofSeconds(10).toMillis());
    assertThat(thread.isAlive()).isFalse();
    assertThat(sink.closed).isTrue();
    assertThat(source.committed).isZero();
  }

  @Test
  void step_emptyLog_probesTheSinkUntilItIsUp() {
    sink.resumeFailuresLeft = 1;

    assertThat(loop.step()).isInstanceOf(Step.Failed.class);
    assertThat(stats.sinkUp()).isFalse();
    assertThat(loop.step()).isInstanceOf(Step.Idle.class);
    assertThat(stats.sinkUp()).isTrue();
    assertThat(sink.durable).isEmpty();
  }

  @Test
  void run_stopsWhenAskedAndClosesSourceAndSink() throws Exception {
    sink.failuresLeft = Integer.MAX_VALUE;
    Thread thread = new Thread(loop, "delivery-under-test");
    thread.start();
    loop.stop();
    thread.join(Duration.ofSeconds(10).toMillis());

    assertThat(thread.isAlive()).isFalse();
    assertThat(source.closed).isTrue();
    assertThat(sink.closed).isTrue();
  }

  private static Output rollup(String id) {
    return new Output(OutputKind.ROLLUP, id, "dev", new byte[] {1});
  }

  private static Output alert(String id) {
    return new Output(OutputKind.ALERT, id, "dev", new byte[] {2});
  }

  /** In-memory log: entries are positions 1..n, {@code null} marks an undecodable entry. */
  private static final class ListSource implements OutputSource {
    final List<Output> entries = new ArrayList<>();
    long committed;
    long read;
    boolean closed;

    void append(Output... outputs) {
      entries.addAll(List.of(outputs));
    }

    void appendUndecodable() {
      entries.add(null);
    }

    @Override
    public void resumeAfter(OptionalLong position) {
      position.ifPresent(p -> committed = p);
      read = committed;
    }

    @Override
    public Optional<SourceBatch> poll(int maxEntries) {
      List<Output> outputs = new ArrayList<>();
      int undecodable = 0;
      long start = read;
      while (read < entries.size() && read - start < maxEntries) {
        Output next = entries.get((int) read++);
        if (next == null) {
          undecodable++;
        } else {
          outputs.add(next);
        }
      }
      return read == start
          ? Optional.empty()
          : Optional.of(new SourceBatch(outputs, undecodable, read));
    }

    @Override
    public void commit(SourceBatch batch) {
      committed = batch.lastPosition();
    }

    @Override
    public long lag() {
      return entries.size() - committed;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  /**
   * Fails the next {@code failuresLeft} flushes, then makes what was handed over durable. With
   * {@code storesPositions} it keeps the position with the outputs, like a transactional sink.
   */
  private static final class FlakySink implements Sink {
    final List<Output> durable = new ArrayList<>();
    final List<Output> handedOver = new ArrayList<>();
    int failuresLeft;
    int resumeFailuresLeft;
    boolean storesPositions;
    boolean commitThenFail;
    boolean fatal;
    boolean closed;
    long handedOverPosition;
    OptionalLong storedPosition = OptionalLong.empty();

    @Override
    public OptionalLong resumePosition() throws SinkException {
      if (resumeFailuresLeft > 0) {
        resumeFailuresLeft--;
        throw new SinkException("down", true, null);
      }
      return storesPositions ? storedPosition : OptionalLong.empty();
    }

    @Override
    public void deliver(List<Output> batch, long lastPosition) throws SinkException {
      if (fatal) {
        throw new SinkException("fenced", SinkException.Kind.FATAL, null);
      }
      handedOver.addAll(batch);
      handedOverPosition = lastPosition;
    }

    @Override
    public void flush() throws SinkException {
      if (failuresLeft > 0) {
        failuresLeft--;
        handedOver.clear();
        throw new SinkException("down", true, null);
      }
      durable.addAll(handedOver);
      handedOver.clear();
      storedPosition = OptionalLong.of(handedOverPosition);
      if (commitThenFail) {
        commitThenFail = false;
        throw new SinkException("commit outcome unknown", true, null);
      }
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
