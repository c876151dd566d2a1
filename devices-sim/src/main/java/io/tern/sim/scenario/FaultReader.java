package io.tern.sim.scenario;

import io.tern.sim.scenario.FaultSpec.Period;
import io.tern.sim.scenario.ScenarioLoader.Bad;
import io.tern.sim.scenario.ScenarioLoader.Node;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Reads one entry of a scenario's {@code faults} list (keys per kind in devices-sim/README.md);
 * problems are {@link Bad} lines naming the key's path. Whether the devices exist and fit the kind
 * is checked by the {@link ScenarioLoader} once every device type is known.
 */
final class FaultReader {

  private FaultReader() {}

  static FaultSpec fault(Node node) {
    if (!node.json().isObject()) {
      throw new Bad(node.path() + ": expected a mapping with a kind");
    }
    FaultKind kind =
        node.required("kind").asEnum(FaultKind::byName, FaultKind.values(), FaultKind::yamlName);
    return switch (kind) {
      case OFFLINE -> {
        node.keys("kind", "devices", "at", "for");
        yield node.build(() -> new FaultSpec.Offline(devices(node), period(node)));
      }
      case GATEWAY_UNREACHABLE -> {
        node.keys("kind", "at", "for");
        yield node.build(() -> new FaultSpec.GatewayUnreachable(period(node)));
      }
      case DUPLICATES -> {
        node.keys("kind", "devices", "at", "for", "share");
        double share = node.required("share").asDouble();
        yield node.build(
            () -> new FaultSpec.Duplicates(devices(node), optionalPeriod(node), share));
      }
      case REORDER -> {
        node.keys("kind", "devices", "at", "for", "share", "depth");
        double share = node.required("share").asDouble();
        int depth = node.optional("depth").map(Node::asCount).orElse(3);
        yield node.build(
            () -> new FaultSpec.Reorder(devices(node), optionalPeriod(node), share, depth));
      }
      case CLOCK_SKEW -> {
        node.keys("kind", "devices", "offset");
        Duration offset = node.required("offset").asSignedDuration();
        yield node.build(() -> new FaultSpec.ClockSkew(devices(node), offset));
      }
      case CLOCK_JUMP -> {
        node.keys("kind", "devices", "at", "step");
        Duration at = node.required("at").asDuration();
        Duration step = node.required("step").asSignedDuration();
        yield node.build(() -> new FaultSpec.ClockJump(devices(node), at, step));
      }
      case BURST -> {
        node.keys("kind", "devices", "at", "for", "factor");
        int factor = node.required("factor").asCount();
        yield node.build(() -> new FaultSpec.Burst(devices(node), period(node), factor));
      }
      case KILL -> {
        node.keys("kind", "devices", "at", "restart-after");
        Duration at = node.required("at").asDuration();
        Duration restartAfter =
            node.optional("restart-after").map(Node::asDuration).orElse(Duration.ofSeconds(1));
        yield node.build(() -> new FaultSpec.Kill(devices(node), at, restartAfter));
      }
    };
  }

  private static List<String> devices(Node node) {
    return node.list("devices", Node::asText);
  }

  private static Period period(Node node) {
    Duration at = node.required("at").asDuration();
    Duration length = node.required("for").asDuration();
    return node.build(() -> new Period(at, length));
  }

  /** The whole run unless {@code at} or {@code for} is given (then both are needed). */
  private static Period optionalPeriod(Node node) {
    Optional<Node> at = node.optional("at");
    Optional<Node> length = node.optional("for");
    return at.isEmpty() && length.isEmpty() ? Period.ALWAYS : period(node);
  }
}
