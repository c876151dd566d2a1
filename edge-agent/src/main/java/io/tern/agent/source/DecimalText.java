package io.tern.agent.source;

import java.util.regex.Pattern;

/**
 * Recognises the decimal numbers the sources take as values: an optional sign, digits with an
 * optional fraction or a fraction alone, an optional exponent ({@code 21.5}, {@code -3}, {@code
 * .5}, {@code 2.}, {@code 1e-3}). Not what else {@link Double#parseDouble} takes: no {@code NaN} or
 * {@code Infinity}, hex or {@code d}/{@code f} suffixes. Stateless and thread-safe.
 *
 * <p>Linear in the text's length: the quantifiers are possessive, so a long run of digits followed
 * by something else is refused after one pass. (The same pattern with greedy quantifiers
 * backtracked quadratically: one 64 KiB line-protocol value of digits and a letter took about 30 s
 * of CPU.)
 */
public final class DecimalText {
  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?+(?:\\d++(?:\\.\\d*+)?+|\\.\\d++)(?:[eE][+-]?+\\d++)?+");

  private DecimalText() {}

  public static boolean isDecimal(CharSequence text) {
    return DECIMAL.matcher(text).matches();
  }
}
