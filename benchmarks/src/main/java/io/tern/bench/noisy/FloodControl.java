package io.tern.bench.noisy;

/**
 * The flooder as a run drives it: in the benchmark's own JVM ({@link Flooder}) or in a JVM of its
 * own ({@link FloodProcess}). Connected when created; publishes only between {@link #start} and
 * {@link #stop}.
 */
interface FloodControl extends AutoCloseable {
  /** Starts publishing as fast as the window and the broker allow. */
  void start();

  /** Stops publishing and waits (bounded) for the messages in flight to be answered. */
  void stop();

  /** The counts so far. */
  FloodCounts counts();

  /** Stops, disconnects and releases the flooder's threads (and process). */
  @Override
  void close();
}
