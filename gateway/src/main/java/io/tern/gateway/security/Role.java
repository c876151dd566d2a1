package io.tern.gateway.security;

import java.util.Locale;

/** What an authenticated MQTT client may do; see {@link TopicPolicy}. */
public enum Role {
  /** A device: publishes its own telemetry and status, subscribes to its own commands. */
  DEVICE,
  /** An operator or dashboard: subscribes to alerts, rollups, dead letters and status. */
  OPERATOR;

  /** The name in the credentials file and on the command line: {@code device}, {@code operator}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The role called {@code label}.
   *
   * @throws IllegalArgumentException if there is none
   */
  public static Role ofLabel(String label) {
    for (Role role : values()) {
      if (role.label().equals(label)) {
        return role;
      }
    }
    throw new IllegalArgumentException(
        "unknown role '" + label + "' (expected device or operator)");
  }
}
