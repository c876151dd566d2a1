package io.tern.bridge.sink;

/** What a sink promises about duplicates across crashes and restarts of the bridge. */
public enum DeliveryGuarantee {
  /** Idempotent writes; a crash may repeat the last batch after the restart. */
  AT_LEAST_ONCE("at-least-once"),
  /** Outputs and the bridge's position are committed in one transaction: no repeats, no gaps. */
  EXACTLY_ONCE("exactly-once");

  private final String label;

  DeliveryGuarantee(String label) {
    this.label = label;
  }

  /** The command-line spelling, e.g. {@code exactly-once}. */
  public String label() {
    return label;
  }

  /** Parses {@link #label()} (case-insensitive). */
  public static DeliveryGuarantee fromLabel(String text) {
    for (DeliveryGuarantee g : values()) {
      if (g.label.equalsIgnoreCase(text) || g.name().equalsIgnoreCase(text)) {
        return g;
      }
    }
    throw new IllegalArgumentException(
        "unknown delivery guarantee '" + text + "', expected at-least-once or exactly-once");
  }

  @Override
  public String toString() {
    return label;
  }
}
