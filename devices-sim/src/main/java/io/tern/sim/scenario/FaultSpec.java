package io.tern.sim.scenario;

import java.time.Duration;
import java.util.List;

/**
 * One scripted fault of a scenario. Times are since the start of the run. {@code devices} are
 * selectors: a device type's name (all its devices) or one device id such as {@code pump-0002}.
 */
public sealed interface FaultSpec {

  FaultKind kind();

  /** The selectors of the devices affected; empty for {@link GatewayUnreachable} (every device). */
  List<String> devices();

  /** The latest moment the fault acts, since the start of the run (checked against duration). */
  Duration lastMoment();

  /** When the fault is active: from {@code at} for {@code length}; {@link #ALWAYS} = whole run. */
  record Period(Duration at, Duration length) {
    public static final Period ALWAYS = new Period(Duration.ZERO, Duration.ofDays(365_000));

    public Period {
      if (at.isNegative()) {
        throw new IllegalArgumentException("at must not be negative, was " + at);
      }
      if (length.isNegative() || length.isZero()) {
        throw new IllegalArgumentException("for must be positive, was " + length);
      }
    }

    public boolean covers(long elapsedMs) {
      return elapsedMs >= at.toMillis() && elapsedMs - at.toMillis() < length.toMillis();
    }

    /** When the fault ends, since the start of the run. */
    public Duration end() {
      return at.plus(length);
    }
  }

  record Offline(List<String> devices, Period period) implements FaultSpec {
    public Offline {
      devices = requireDevices(devices);
    }

    @Override
    public FaultKind kind() {
      return FaultKind.OFFLINE;
    }

    @Override
    public Duration lastMoment() {
      return period.end();
    }
  }

  record GatewayUnreachable(Period period) implements FaultSpec {
    @Override
    public FaultKind kind() {
      return FaultKind.GATEWAY_UNREACHABLE;
    }

    @Override
    public Duration lastMoment() {
      return period.end();
    }

    @Override
    public List<String> devices() {
      return List.of();
    }
  }

  /**
   * @param share chance that an acknowledged batch is published once more, in (0, 1]
   */
  record Duplicates(List<String> devices, Period period, double share) implements FaultSpec {
    public Duplicates {
      devices = requireDevices(devices);
      requireShare(share);
    }

    @Override
    public FaultKind kind() {
      return FaultKind.DUPLICATES;
    }

    @Override
    public Duration lastMoment() {
      return Period.ALWAYS.equals(period) ? Duration.ZERO : period.end();
    }
  }

  /**
   * @param share chance that a batch is held back, in (0, 1]
   * @param depth how many later batches are queued before a held one
   */
  record Reorder(List<String> devices, Period period, double share, int depth)
      implements FaultSpec {
    public Reorder {
      devices = requireDevices(devices);
      requireShare(share);
      if (depth < 1) {
        throw new IllegalArgumentException("depth must be >= 1, was " + depth);
      }
    }

    @Override
    public FaultKind kind() {
      return FaultKind.REORDER;
    }

    @Override
    public Duration lastMoment() {
      return Period.ALWAYS.equals(period) ? Duration.ZERO : period.end();
    }
  }

  /**
   * @param offset added to every event time of the devices (signed)
   */
  record ClockSkew(List<String> devices, Duration offset) implements FaultSpec {
    public ClockSkew {
      devices = requireDevices(devices);
    }

    @Override
    public FaultKind kind() {
      return FaultKind.CLOCK_SKEW;
    }

    @Override
    public Duration lastMoment() {
      return Duration.ZERO;
    }
  }

  /**
   * @param step added to the devices' event times from {@code at} on (signed)
   */
  record ClockJump(List<String> devices, Duration at, Duration step) implements FaultSpec {
    public ClockJump {
      devices = requireDevices(devices);
      if (at.isNegative()) {
        throw new IllegalArgumentException("at must not be negative, was " + at);
      }
      if (step.isZero()) {
        throw new IllegalArgumentException("step must not be 0");
      }
    }

    @Override
    public FaultKind kind() {
      return FaultKind.CLOCK_JUMP;
    }

    @Override
    public Duration lastMoment() {
      return at;
    }
  }

  /**
   * @param factor readings per interval during the period, >= 2
   */
  record Burst(List<String> devices, Period period, int factor) implements FaultSpec {
    public Burst {
      devices = requireDevices(devices);
      if (factor < 2) {
        throw new IllegalArgumentException("factor must be >= 2, was " + factor);
      }
    }

    @Override
    public FaultKind kind() {
      return FaultKind.BURST;
    }

    @Override
    public Duration lastMoment() {
      return period.end();
    }
  }

  /**
   * @param restartAfter how long the killed agent stays down
   */
  record Kill(List<String> devices, Duration at, Duration restartAfter) implements FaultSpec {
    public Kill {
      devices = requireDevices(devices);
      if (at.isNegative() || restartAfter.isNegative()) {
        throw new IllegalArgumentException("at and restart-after must not be negative");
      }
    }

    @Override
    public FaultKind kind() {
      return FaultKind.KILL;
    }

    @Override
    public Duration lastMoment() {
      return at;
    }
  }

  private static List<String> requireDevices(List<String> devices) {
    if (devices.isEmpty()) {
      throw new IllegalArgumentException("devices must name at least one device or type");
    }
    return List.copyOf(devices);
  }

  private static void requireShare(double share) {
    if (!(share > 0 && share <= 1)) {
      throw new IllegalArgumentException("share must be in (0, 1], was " + share);
    }
  }
}
