package io.tern.agent.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Parses byte sizes such as {@code 1048576}, {@code 64KiB}, {@code 512MiB}, {@code 1GiB} (binary)
 * or {@code 10MB} (decimal); units are case-insensitive, {@code K}/{@code M}/{@code G} are binary.
 */
public final class ByteSizeConverter implements ITypeConverter<Long> {
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([kmgt]?)(i?b?)");

  @Override
  public Long convert(String value) {
    Matcher m = SIZE.matcher(value.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new TypeConversionException(
          "'" + value + "' is not a byte size (examples: 1048576, 64MiB, 1GiB, 10MB)");
    }
    boolean decimal = m.group(3).equals("b") && !m.group(2).isEmpty();
    long unit = decimal ? 1000 : 1024;
    int power = m.group(2).isEmpty() ? 0 : "kmgt".indexOf(m.group(2)) + 1;
    try {
      long bytes = Long.parseLong(m.group(1));
      for (int i = 0; i < power; i++) {
        bytes = Math.multiplyExact(bytes, unit);
      }
      return bytes;
    } catch (ArithmeticException | NumberFormatException e) {
      throw new TypeConversionException("'" + value + "' is too large a byte size");
    }
  }
}
