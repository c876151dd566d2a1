package io.tern.gateway.core.detect;

import java.math.BigDecimal;
import java.math.MathContext;

/** Short, locale-independent number text for alert messages. */
final class NumberText {
  private static final MathContext VALUE = new MathContext(4);
  private static final MathContext DEVIATIONS = new MathContext(2);

  private NumberText() {}

  /** A value with 4 significant digits, at least one decimal: {@code 97.3}, {@code 21.0}. */
  static String of(double value) {
    return format(value, VALUE);
  }

  /** A deviation count with 2 significant digits: {@code 8.1}, {@code 12.0}. */
  static String deviations(double deviations) {
    return Double.isInfinite(deviations) ? "infinitely many" : format(deviations, DEVIATIONS);
  }

  private static String format(double value, MathContext precision) {
    BigDecimal rounded = new BigDecimal(value).round(precision).stripTrailingZeros();
    if (rounded.scale() <= 0) {
      rounded = rounded.setScale(1);
    }
    return rounded.toPlainString();
  }
}
