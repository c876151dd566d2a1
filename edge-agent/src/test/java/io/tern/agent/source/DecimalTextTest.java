package io.tern.agent.source;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalTextTest {
  @ParameterizedTest
  @ValueSource(strings = {"0", "21.5", "-3", "+7", ".5", "2.", "1e-3", "-1.5E+10", "007"})
  void isDecimal_acceptsDecimals(String text) {
    assertThat(DecimalText.isDecimal(text)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-",
        ".",
        "e5",
        "1e",
        "1e+",
        "1.2.3",
        "--1",
        "1 ",
        "NaN",
        "Infinity",
        "0x1p3",
        "1d",
        "1f",
        "1,5",
        "5i"
      })
  void isDecimal_refusesWhatIsNotADecimal(String text) {
    assertThat(DecimalText.isDecimal(text)).isFalse();
  }

  /**
   * A long run of digits that ends in a letter is refused in one pass: the matcher reads a bounded
   * number of characters per input character (the greedy pattern read about n²/2 for n digits).
   */
  @Test
  void isDecimal_longDigitRunWithTrailingLetter_readsTextLinearly() {
    int digits = 65_536;
    CountingText text = new CountingText("1".repeat(digits) + "x");

    assertThat(DecimalText.isDecimal(text)).isFalse();
    assertThat(text.reads).isLessThan(8L * digits);
  }

  /** A text that counts how often its characters are read. */
  private static final class CountingText implements CharSequence {
    private final String text;
    private long reads;

    CountingText(String text) {
      this.text = text;
    }

    @Override
    public int length() {
      return text.length();
    }

    @Override
    public char charAt(int index) {
      reads++;
      return text.charAt(index);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
      return text.subSequence(start, end);
    }

    @Override
    public String toString() {
      return text;
    }
  }
}
