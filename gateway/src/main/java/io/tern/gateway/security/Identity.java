package io.tern.gateway.security;

import java.util.regex.Pattern;

/**
 * An authenticated MQTT user: a device (its name is its device id and MQTT client id) or an
 * operator.
 *
 * @param name the MQTT user name
 * @param role what it may do
 */
public record Identity(String name, Role role) {
  /**
   * Allowed names: safe as one MQTT topic level and as a field of the credentials file (no {@code
   * /}, {@code +}, {@code #}, {@code $}, {@code :} or white space).
   */
  public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

  public Identity {
    checkName(name);
  }

  /**
   * Checks a name against {@link #NAME}.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  public static String checkName(String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "invalid identity '"
              + name
              + "': use 1 to 128 letters, digits, '_', '.' or '-' (it is the device id)");
    }
    return name;
  }
}
