package io.tern.sim.fleet;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

/**
 * A direct device's acknowledged readings and duplicate publishes, and the draw that makes a
 * duplicate: each batch acknowledged the first time is, with the {@code duplicates} fault's current
 * share's chance, to be published once more. Called under its publisher's lock.
 */
final class AckCount {

  private final DoubleSupplier duplicateShare;
  private final SplittableRandom random;
  private long readings;
  private long duplicates;

  AckCount(DoubleSupplier duplicateShare, SplittableRandom random) {
    this.duplicateShare = duplicateShare;
    this.random = random;
  }

  /**
   * Counts a batch's first PUBACK; returns whether to publish it once more as a duplicate (never
   * for a duplicate).
   */
  boolean acked(int batchReadings, boolean duplicate) {
    if (duplicate) {
      duplicates++;
      return false;
    }
    readings += batchReadings;
    double share = duplicateShare.getAsDouble();
    return share > 0 && random.nextDouble() < share;
  }

  long readings() {
    return readings;
  }

  long duplicates() {
    return duplicates;
  }
}
