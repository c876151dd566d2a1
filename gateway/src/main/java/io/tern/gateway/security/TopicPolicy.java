package io.tern.gateway.security;

import java.util.List;

/**
 * Which topics an identity may use. Devices: publish to {@code tern/v1/telemetry/{itself}} and
 * {@code tern/v1/status/{itself}}, subscribe to {@code tern/v1/commands/{itself}} only (no
 * wildcards: names cannot contain them). Operators: subscribe to anything under {@code
 * tern/v1/alerts}, {@code rollups}, {@code dlq} and {@code status}; publish nothing. Pure and
 * thread-safe.
 */
public final class TopicPolicy {
  private static final String ROOT = "tern/v1/";
  private static final List<String> OPERATOR_TREES = List.of("alerts", "rollups", "dlq", "status");

  private TopicPolicy() {}

  /** Whether {@code who} may publish to {@code topic}. */
  public static boolean mayPublish(Identity who, String topic) {
    return switch (who.role()) {
      case DEVICE ->
          topic.equals(ROOT + "telemetry/" + who.name())
              || topic.equals(ROOT + "status/" + who.name());
      case OPERATOR -> false;
    };
  }

  /** Whether {@code who} may subscribe to {@code filter} (a topic filter, maybe with wildcards). */
  public static boolean maySubscribe(Identity who, String filter) {
    return switch (who.role()) {
      case DEVICE -> filter.equals(ROOT + "commands/" + who.name());
      case OPERATOR ->
          OPERATOR_TREES.stream()
              .anyMatch(tree -> filter.equals(ROOT + tree) || filter.startsWith(ROOT + tree + "/"));
    };
  }
}
