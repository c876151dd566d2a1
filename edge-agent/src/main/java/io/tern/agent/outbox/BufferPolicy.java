package io.tern.agent.outbox;

import java.util.Locale;

/** What the outbox does when it reaches its byte budget. */
public enum BufferPolicy {
  /** Drop the oldest unsent readings (whole outbox files) to make room; reported as gaps. */
  DROP_OLDEST,
  /** Keep what is stored; new readings get a seq but are not stored, reported as gaps. */
  REJECT_NEW;

  /** Parses {@code drop-oldest} / {@code reject-new} (case-insensitive, {@code _} accepted). */
  public static BufferPolicy parse(String text) {
    String normalized = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    for (BufferPolicy policy : values()) {
      if (policy.name().equals(normalized)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown buffer policy '" + text + "': expected drop-oldest or reject-new");
  }

  /** The configuration spelling, e.g. {@code drop-oldest}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
