package io.tern.gateway.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The credentials file: one identity per line, {@code
 * NAME:ROLE:pbkdf2-sha256:ITERATIONS:SALT:HASH}; blank lines and lines starting with {@code #} are
 * ignored. Written whole, atomically (temporary file, then rename) with permissions 0600;
 * concurrent writers are serialized by a lock file beside it. Static methods, callable from any
 * thread.
 */
public final class CredentialsFile {
  /** The file name under the gateway's data folder when none is configured. */
  public static final String DEFAULT_NAME = "credentials";

  private static final String HEADER =
      "# Tern gateway credentials: NAME:ROLE:HASH. Managed by 'tern gateway devices'.\n";
  private static final Set<PosixFilePermission> OWNER_ONLY =
      PosixFilePermissions.fromString("rw-------");

  private CredentialsFile() {}

  /**
   * Reads the file, by name.
   *
   * @throws IllegalArgumentException naming the file and line of a malformed entry
   * @throws UncheckedIOException if it cannot be read
   */
  public static Map<String, Credential> read(Path file) {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read credentials file " + file + " (" + e + ")", e);
    }
    Map<String, Credential> credentials = new LinkedHashMap<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      try {
        Credential credential = parse(line);
        if (credentials.putIfAbsent(credential.name(), credential) != null) {
          throw new IllegalArgumentException("'" + credential.name() + "' appears twice");
        }
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "credentials file " + file + " line " + (i + 1) + ": " + e.getMessage(), e);
      }
    }
    return credentials;
  }

  static Credential parse(String line) {
    String[] fields = line.split(":", 3);
    if (fields.length != 3) {
      throw new IllegalArgumentException("expected NAME:ROLE:HASH");
    }
    Identity identity = new Identity(fields[0], Role.ofLabel(fields[1]));
    return new Credential(identity, PasswordHash.decode(fields[2]));
  }

  static String render(Map<String, Credential> credentials) {
    StringBuilder text = new StringBuilder(HEADER);
    for (Credential credential : credentials.values()) {
      text.append(credential.name())
          .append(':')
          .append(credential.role().label())
          .append(':')
          .append(credential.password().encode())
          .append('\n');
    }
    return text.toString();
  }

  /**
   * Applies {@code change} to the file's entries (none if it does not exist yet) and writes the
   * result atomically, holding the lock file meanwhile. The folder is created if needed.
   *
   * @return the entries written
   */
  public static Map<String, Credential> update(
      Path file, UnaryOperator<Map<String, Credential>> change) {
    Path absolute = file.toAbsolutePath();
    try {
      Files.createDirectories(absolute.getParent());
      Path lockFile = absolute.resolveSibling(absolute.getFileName() + ".lock");
      try (FileChannel lockChannel =
          FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
        lockChannel.lock(); // released when the channel closes
        Map<String, Credential> current =
            Files.exists(absolute) ? read(absolute) : new LinkedHashMap<>();
        Map<String, Credential> changed = change.apply(new LinkedHashMap<>(current));
        write(absolute, render(changed));
        return changed;
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write credentials file " + file + " (" + e + ")", e);
    }
  }

  private static void write(Path file, String text) throws IOException {
    Path temp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(temp);
    try (FileChannel channel =
        FileChannel.open(
            temp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly())) {
      ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
      while (bytes.hasRemaining()) {
        channel.write(bytes);
      }
      channel.force(true);
    }
    try {
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static FileAttribute<?>[] ownerOnly() {
    if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
    }
    return new FileAttribute<?>[0];
  }

  /** Whether users other than the owner may read or write {@code file} (false if unknown). */
  public static boolean isSharedWithOthers(Path file) throws IOException {
    if (!FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
      return false;
    }
    Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
    permissions.removeAll(OWNER_ONLY);
    permissions.remove(PosixFilePermission.OWNER_EXECUTE);
    return !permissions.isEmpty();
  }
}
