package io.tern.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsFileTest {
  @TempDir Path dir;

  private static Credential credential(String name, Role role, String password) {
    return new Credential(new Identity(name, role), PasswordHash.of(password.toCharArray(), 1000));
  }

  @Test
  void renderThenRead_roundTrips() throws IOException {
    Map<String, Credential> credentials = new LinkedHashMap<>();
    credentials.put("d1", credential("d1", Role.DEVICE, "password-1"));
    credentials.put("ops", credential("ops", Role.OPERATOR, "password-2"));
    Path file = Files.writeString(dir.resolve("c"), CredentialsFile.render(credentials));

    assertThat(CredentialsFile.read(file)).isEqualTo(credentials);
  }

  @Test
  void read_malformedLine_namesFileAndLine() throws IOException {
    Path file = Files.writeString(dir.resolve("c"), "# comment\n\nd1:device:md5:abc\n");

    assertThatThrownBy(() -> CredentialsFile.read(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "credentials file " + file + " line 3: expected pbkdf2-sha256:ITERATIONS:SALT:HASH");
  }

  @Test
  void read_duplicateName_isRefused() throws IOException {
    String line = CredentialsFile.render(Map.of("d1", credential("d1", Role.DEVICE, "pw-pw-pw")));
    Path file = Files.writeString(dir.resolve("c"), line + line);

    assertThatThrownBy(() -> CredentialsFile.read(file)).hasMessageEndingWith("'d1' appears twice");
  }

  @Test
  void update_failingChange_leavesTheFileAsItWas() throws IOException {
    Path file = dir.resolve("c");
    CredentialsFile.update(
        file,
        c -> {
          c.put("d1", credential("d1", Role.DEVICE, "password-1"));
          return c;
        });
    String before = Files.readString(file);

    assertThatThrownBy(
            () ->
                CredentialsFile.update(
                    file,
                    c -> {
                      throw new IllegalArgumentException("no");
                    }))
        .hasMessage("no");
    assertThat(Files.readString(file)).isEqualTo(before);
    assertThat(CredentialsFile.isSharedWithOthers(file)).isFalse();
  }

  @Test
  void sharedFile_isDetected() throws IOException {
    Path file = Files.writeString(dir.resolve("c"), "");
    Files.setPosixFilePermissions(
        file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));

    assertThat(CredentialsFile.isSharedWithOthers(file)).isTrue();
  }
}
