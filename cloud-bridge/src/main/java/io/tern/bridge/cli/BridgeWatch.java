package io.tern.bridge.cli;

import io.tern.bridge.Bridge;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Watches a running bridge from the caller's thread (the main thread of {@code tern bridge} and
 * {@code tern gateway}): hands its status line to a consumer at a fixed interval until the process
 * is asked to stop or the bridge stops for good.
 */
public final class BridgeWatch {

  private static final Duration CHECK_INTERVAL = Duration.ofMillis(250);

  private BridgeWatch() {}

  /**
   * Blocks until {@code stopped} opens (returns empty) or the bridge stopped for good (returns
   * why), calling {@code status} with {@link BridgeCommand#statusLine(String,
   * io.tern.bridge.BridgeStats)} every {@code interval}.
   */
  public static Optional<String> until(
      Bridge bridge, CountDownLatch stopped, Duration interval, Consumer<String> status)
      throws InterruptedException {
    long ticksPerStatus = Math.max(1, interval.toMillis() / CHECK_INTERVAL.toMillis());
    long ticks = 0;
    while (!stopped.await(CHECK_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
      if (bridge.failure().isPresent() && !bridge.running()) {
        return bridge.failure();
      }
      if (++ticks % ticksPerStatus == 0) {
        status.accept(BridgeCommand.statusLine(bridge.config().sink().name(), bridge.stats()));
      }
    }
    return Optional.empty();
  }
}
