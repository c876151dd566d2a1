package io.tern.bridge;

import io.tern.proto.v1.Rollup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Test stand-in for a busy gateway: appends {@code total} rollups round-robin over {@code devices}
 * devices, {@code chunk} every {@code everyMs} ms, on its own thread ({@code <name>-writer}), and
 * knows which ids each device must end up with, in order.
 */
final class RollupFeed implements AutoCloseable {

  private final int devices;
  private final int total;
  private final ScheduledExecutorService writer;
  private final CountDownLatch allWritten = new CountDownLatch(1);
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger limit;

  private RollupFeed(String name, int devices, int total) {
    this.devices = devices;
    this.total = total;
    this.limit = new AtomicInteger(total);
    this.writer = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, name + "-writer"));
  }

  static RollupFeed start(
      String name, Path outputLog, int devices, int total, int chunk, long everyMs) {
    RollupFeed feed = new RollupFeed(name, devices, total);
    feed.schedule(outputLog, chunk, everyMs);
    return feed;
  }

  private void schedule(Path outputLog, int chunk, long everyMs) {
    AtomicReference<OutputLogWriter> log = new AtomicReference<>();
    writer.scheduleAtFixedRate(
        () -> {
          if (allWritten.getCount() == 0) {
            return;
          }
          try {
            if (log.get() == null) {
              log.set(new OutputLogWriter(outputLog)); // one appender, on this thread only
            }
            for (int c = 0; c < chunk && next.get() < Math.min(total, limit.get()); c++) {
              int k = next.getAndIncrement();
              log.get().write(OutputLogWriter.rollup(device(k), "temp", window(k)));
            }
            if (next.get() >= total) {
              log.get().close();
              allWritten.countDown();
            }
          } catch (RuntimeException e) {
            failure.set(e);
            allWritten.countDown();
            throw e;
          }
        },
        0,
        everyMs,
        TimeUnit.MILLISECONDS);
  }

  /**
   * Lets the feed append only up to {@code count} rollups (of {@code total}) until raised again, so
   * a test's phases do not depend on how fast the machine is.
   */
  RollupFeed allowUpTo(int count) {
    limit.set(count);
    return this;
  }

  /** Rollups appended so far. */
  int written() {
    return Math.min(next.get(), total);
  }

  /** Waits until all rollups are appended; true if they were, without failure. */
  boolean awaitAllWritten(long seconds) throws InterruptedException {
    return allWritten.await(seconds, TimeUnit.SECONDS) && failure.get() == null;
  }

  Throwable failure() {
    return failure.get();
  }

  private String device(int k) {
    return "dev-" + (k % devices);
  }

  private long window(int k) {
    return (k / devices) * 60_000L;
  }

  /** Every rollup id per device, in the order they were appended. */
  Map<String, List<String>> expectedIdsPerDevice() {
    Map<String, List<String>> expected = new LinkedHashMap<>();
    for (int k = 0; k < total; k++) {
      expected
          .computeIfAbsent(device(k), d -> new ArrayList<>())
          .add(OutputLogWriter.rollup(device(k), "temp", window(k)).getRollup().getId());
    }
    return expected;
  }

  /** Ids in the order a consumer saw them, per record key (= device). */
  static Map<String, List<String>> idsPerDevice(List<ConsumerRecord<byte[], byte[]>> records)
      throws IOException {
    Map<String, List<String>> ids = new LinkedHashMap<>();
    for (ConsumerRecord<byte[], byte[]> r : records) {
      String device = new String(r.key(), StandardCharsets.UTF_8);
      ids.computeIfAbsent(device, d -> new ArrayList<>()).add(Rollup.parseFrom(r.value()).getId());
    }
    return ids;
  }

  @Override
  public void close() {
    writer.shutdownNow();
  }
}
