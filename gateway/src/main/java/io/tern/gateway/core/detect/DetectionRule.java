package io.tern.gateway.core.detect;

import io.tern.gateway.core.model.AlertKind;
import io.tern.gateway.core.model.Severity;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A refinement of detection for the series whose device and metric match two glob patterns ({@code
 * *} any characters, {@code ?} one): fixed limits (the {@link AlertKind#THRESHOLD} detector),
 * detectors switched off, a severity for every alert of the series, a sensitivity of its own.
 *
 * <p>Written as one line: {@code DEVICES/METRICS [min=N] [max=N] [max-rate=N[/s|/min|/h]]
 * [off=KIND,...] [severity=S] [sensitivity=N]}, e.g. {@code boiler-* /temperature max=95
 * severity=CRITICAL} (without the space) or {@code * /cpu off=STUCK,DRIFT}.
 *
 * @param maxRate the fastest change allowed, unit per second, in either direction (the {@link
 *     AlertKind#RATE} detector), if present
 * @param sensitivity multiplies the global sensitivity for these series, if present
 */
public record DetectionRule(
    String devices,
    String metrics,
    OptionalDouble min,
    OptionalDouble max,
    OptionalDouble maxRate,
    Set<AlertKind> off,
    Optional<Severity> severity,
    OptionalDouble sensitivity) {

  public DetectionRule {
    Objects.requireNonNull(devices, "devices");
    Objects.requireNonNull(metrics, "metrics");
    off = off.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(off));
    if (min.isPresent() && max.isPresent() && !(min.getAsDouble() < max.getAsDouble())) {
      throw new IllegalArgumentException(
          "min " + min.getAsDouble() + " must be below max " + max.getAsDouble());
    }
    if (maxRate.isPresent() && !(maxRate.getAsDouble() > 0)) {
      throw new IllegalArgumentException("max-rate must be positive");
    }
    if (sensitivity.isPresent() && !(sensitivity.getAsDouble() > 0)) {
      throw new IllegalArgumentException("sensitivity must be positive");
    }
  }

  /** Whether the rule applies to a series of this device and metric. */
  public boolean matches(String deviceId, String metric) {
    return glob(devices).matcher(deviceId).matches() && glob(metrics).matcher(metric).matches();
  }

  /**
   * Parses the one-line form.
   *
   * @throws IllegalArgumentException naming the offending part and showing the expected form
   */
  public static DetectionRule parse(String text) {
    String[] parts = text.trim().split("\\s+");
    String target = parts[0];
    int slash = target.indexOf('/');
    if (slash <= 0 || slash == target.length() - 1 || target.indexOf('/', slash + 1) >= 0) {
      throw new IllegalArgumentException(
          "rule '" + text + "' must start with DEVICES/METRICS, e.g. 'pump-*/pressure max=8'");
    }
    OptionalDouble min = OptionalDouble.empty();
    OptionalDouble max = OptionalDouble.empty();
    OptionalDouble maxRate = OptionalDouble.empty();
    OptionalDouble sensitivity = OptionalDouble.empty();
    Set<AlertKind> off = EnumSet.noneOf(AlertKind.class);
    Optional<Severity> severity = Optional.empty();
    for (int i = 1; i < parts.length; i++) {
      String[] setting = parts[i].split("=", 2);
      if (setting.length != 2 || setting[1].isEmpty()) {
        throw new IllegalArgumentException(
            "rule '" + text + "': '" + parts[i] + "' is not KEY=VALUE (keys: " + KEYS + ")");
      }
      String value = setting[1];
      switch (setting[0]) {
        case "min" -> min = OptionalDouble.of(number(text, "min", value));
        case "max" -> max = OptionalDouble.of(number(text, "max", value));
        case "max-rate" -> maxRate = OptionalDouble.of(ratePerSecond(text, value));
        case "sensitivity" -> sensitivity = OptionalDouble.of(number(text, "sensitivity", value));
        case "severity" -> severity = Optional.of(constant(text, Severity.class, value));
        case "off" -> {
          for (String kind : value.split(",")) {
            off.add(constant(text, AlertKind.class, kind));
          }
        }
        default ->
            throw new IllegalArgumentException(
                "rule '" + text + "': unknown key '" + setting[0] + "' (keys: " + KEYS + ")");
      }
    }
    return new DetectionRule(
        target.substring(0, slash),
        target.substring(slash + 1),
        min,
        max,
        maxRate,
        off,
        severity,
        sensitivity);
  }

  private static final String KEYS = "min, max, max-rate, off, severity, sensitivity";

  /** {@code N}, {@code N/s}, {@code N/min} or {@code N/h}, as unit per second. */
  private static double ratePerSecond(String rule, String value) {
    int slash = value.indexOf('/');
    String unit = slash < 0 ? "s" : value.substring(slash + 1);
    double seconds =
        switch (unit) {
          case "s" -> 1;
          case "min" -> 60;
          case "h" -> 3600;
          default ->
              throw new IllegalArgumentException(
                  "rule '"
                      + rule
                      + "': max-rate="
                      + value
                      + " has unit '"
                      + unit
                      + "' (use N/s, N/min or N/h)");
        };
    double number = number(rule, "max-rate", slash < 0 ? value : value.substring(0, slash));
    return number / seconds;
  }

  private static double number(String rule, String key, String value) {
    try {
      double number = Double.parseDouble(value);
      if (Double.isFinite(number)) {
        return number;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "rule '" + rule + "': " + key + "=" + value + " is not a finite number");
  }

  private static <E extends Enum<E>> E constant(String rule, Class<E> type, String value) {
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed =
          Arrays.stream(type.getEnumConstants()).map(Enum::name).collect(Collectors.joining(", "));
      throw new IllegalArgumentException(
          "rule '" + rule + "': '" + value + "' is not one of " + allowed, e);
    }
  }

  private static Pattern glob(String glob) {
    StringBuilder regex = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> regex.append(".*");
        case '?' -> regex.append('.');
        default -> regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString());
  }
}
