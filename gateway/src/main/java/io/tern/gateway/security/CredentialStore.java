package io.tern.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The credentials file as the running gateway sees it: re-read when it changes (so {@code devices
 * add|remove} apply at the next CONNECT), the previous content kept if a change cannot be read.
 *
 * <p>A password that passed the slow hash is remembered as an HMAC under a key made at start (in
 * memory only), so a reconnecting device costs one HMAC instead of a PBKDF2 run; a changed or
 * removed entry is no longer matched. Unknown names cost a full PBKDF2 run too, so their refusal
 * takes as long as a wrong password.
 *
 * <p>Threading: called concurrently by the authentication threads.
 */
final class CredentialStore {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);
  private static final PasswordHash UNKNOWN =
      PasswordHash.of("not a password".toCharArray(), PasswordHash.DEFAULT_ITERATIONS);

  private final Path file;
  private final byte[] rememberKey = new byte[32];
  private final Map<String, Remembered> remembered = new ConcurrentHashMap<>();
  private Map<String, Credential> credentials;
  private Object version;

  /**
   * Reads the file.
   *
   * @throws IllegalArgumentException if it is malformed
   * @throws UncheckedIOException if it cannot be read
   */
  CredentialStore(Path file) {
    this.file = file;
    new SecureRandom().nextBytes(rememberKey);
    this.version = version(file);
    this.credentials = CredentialsFile.read(file);
  }

  /** The identity {@code name} stands for if {@code password} is its password. */
  Optional<Identity> verify(String name, char[] password) {
    Credential credential = current().get(name);
    if (credential == null) {
      UNKNOWN.matches(password);
      return Optional.empty();
    }
    byte[] mac = mac(name, password);
    Remembered known = remembered.get(name);
    if (known != null
        && known.hash().equals(credential.password())
        && MessageDigest.isEqual(known.mac(), mac)) {
      return Optional.of(credential.identity());
    }
    if (!credential.password().matches(password)) {
      return Optional.empty();
    }
    remembered.put(name, new Remembered(credential.password(), mac));
    return Optional.of(credential.identity());
  }

  /** Whether {@code name} is a device in the file. */
  boolean isDevice(String name) {
    Credential credential = current().get(name);
    return credential != null && credential.role() == Role.DEVICE;
  }

  /** The role of {@code name} in the file; empty when it has no entry. */
  Optional<Role> roleOf(String name) {
    return Optional.ofNullable(current().get(name)).map(Credential::role);
  }

  /** How many identities the file holds. */
  int size() {
    return current().size();
  }

  private synchronized Map<String, Credential> current() {
    Object now;
    try {
      now = version(file);
    } catch (UncheckedIOException e) {
      LOG.error("Cannot read the credentials file {}, keeping the identities read before", file, e);
      return credentials;
    }
    if (!now.equals(version)) {
      version = now;
      try {
        credentials = CredentialsFile.read(file);
        LOG.info("Credentials file {} re-read: {} identities", file, credentials.size());
      } catch (IllegalArgumentException | UncheckedIOException e) {
        LOG.error("{}; keeping the {} identities read before", e.getMessage(), credentials.size());
      }
    }
    return credentials;
  }

  private static Object version(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return List.of(
          Objects.requireNonNullElse(attributes.fileKey(), ""),
          attributes.lastModifiedTime(),
          attributes.size());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private byte[] mac(String name, char[] password) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(rememberKey, "HmacSHA256"));
      mac.update(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      mac.update((byte) 0);
      for (char c : password) {
        mac.update((byte) (c >> 8));
        mac.update((byte) c);
      }
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  /** A password verified once, as an HMAC, with the stored hash it was verified against. */
  private record Remembered(PasswordHash hash, byte[] mac) {}
}
