package io.tern.gateway.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a password kept alone on the one line of a file (a trailing newline is not part of it). */
final class PasswordFiles {
  private PasswordFiles() {}

  /**
   * @param option the option that named the file, for the error message
   * @throws IllegalArgumentException with a one-line reason
   */
  static String read(Path file, String option) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalArgumentException(option + " " + file + ": cannot read it (" + e + ")", e);
    }
    String password = text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text;
    password = password.endsWith("\n") ? password.substring(0, password.length() - 1) : password;
    if (password.isEmpty() || password.contains("\n")) {
      throw new IllegalArgumentException(
          option + " " + file + ": expected the password on one line");
    }
    return password;
  }
}
