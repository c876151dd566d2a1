package io.tern.gateway.security;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * A salted, slow password hash: PBKDF2 with HMAC-SHA256 (JDK), 16-byte random salt, 32-byte hash.
 * Written as {@code pbkdf2-sha256:ITERATIONS:SALT:HASH} (Base64), so the iteration count can be
 * raised later without invalidating stored hashes. Immutable and thread-safe.
 */
public final class PasswordHash {
  /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
  public static final int DEFAULT_ITERATIONS = 600_000;

  static final String ALGORITHM = "pbkdf2-sha256";
  private static final int SALT_BYTES = 16;
  private static final int HASH_BITS = 256;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final int iterations;
  private final byte[] salt;
  private final byte[] hash;

  private PasswordHash(int iterations, byte[] salt, byte[] hash) {
    this.iterations = iterations;
    this.salt = salt;
    this.hash = hash;
  }

  /** Hashes {@code password} with a new random salt. */
  public static PasswordHash of(char[] password, int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("iterations must be positive, was " + iterations);
    }
    byte[] salt = new byte[SALT_BYTES];
    RANDOM.nextBytes(salt);
    return new PasswordHash(iterations, salt, derive(password, salt, iterations));
  }

  /** Whether {@code password} is the hashed one; slow on purpose, compares in constant time. */
  public boolean matches(char[] password) {
    return MessageDigest.isEqual(hash, derive(password, salt, iterations));
  }

  /** The encoded form, one field of the credentials file. */
  public String encode() {
    Base64.Encoder base64 = Base64.getEncoder().withoutPadding();
    return ALGORITHM
        + ":"
        + iterations
        + ":"
        + base64.encodeToString(salt)
        + ":"
        + base64.encodeToString(hash);
  }

  /**
   * Parses {@link #encode()}'s form.
   *
   * @throws IllegalArgumentException with a one-line reason
   */
  public static PasswordHash decode(String text) {
    String[] parts = text.split(":", -1);
    if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
      throw new IllegalArgumentException("expected " + ALGORITHM + ":ITERATIONS:SALT:HASH");
    }
    try {
      int iterations = Integer.parseInt(parts[1]);
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] hash = Base64.getDecoder().decode(parts[3]);
      if (iterations < 1 || salt.length < 8 || hash.length != HASH_BITS / 8) {
        throw new IllegalArgumentException("iterations, salt or hash out of range");
      }
      return new PasswordHash(iterations, salt, hash);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("iterations '" + parts[1] + "' is not a number", e);
    }
  }

  private static byte[] derive(char[] password, byte[] salt, int iterations) {
    PBEKeySpec spec = new PBEKeySpec(password, salt, iterations, HASH_BITS);
    try {
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
    } finally {
      spec.clearPassword();
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PasswordHash that
        && iterations == that.iterations
        && Arrays.equals(salt, that.salt)
        && Arrays.equals(hash, that.hash);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(salt) + Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return ALGORITHM + "(" + iterations + " iterations)";
  }
}
