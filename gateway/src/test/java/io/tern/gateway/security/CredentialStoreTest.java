package io.tern.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialStoreTest {
  @TempDir Path dir;

  private Path file() {
    return dir.resolve("credentials");
  }

  private void put(String name, Role role, String password) {
    CredentialsFile.update(
        file(),
        credentials -> {
          credentials.put(
              name,
              new Credential(
                  new Identity(name, role), PasswordHash.of(password.toCharArray(), 1000)));
          return credentials;
        });
  }

  @Test
  void verify_rightWrongAndUnknown() {
    put("d1", Role.DEVICE, "password-1");
    CredentialStore store = new CredentialStore(file());

    assertThat(store.verify("d1", "password-1".toCharArray()))
        .contains(new Identity("d1", Role.DEVICE));
    assertThat(store.verify("d1", "password-2".toCharArray())).isEmpty();
    assertThat(store.verify("d2", "password-1".toCharArray())).isEmpty();
    // Remembered after the first success; a wrong password still fails afterwards.
    assertThat(store.verify("d1", "password-1".toCharArray())).isPresent();
    assertThat(store.verify("d1", "password-1x".toCharArray())).isEmpty();
  }

  @Test
  void changesToTheFile_applyWithoutRestart_evenForRememberedPasswords() {
    put("d1", Role.DEVICE, "password-1");
    CredentialStore store = new CredentialStore(file());
    assertThat(store.verify("d1", "password-1".toCharArray())).isPresent();

    put("d1", Role.OPERATOR, "password-new");
    assertThat(store.verify("d1", "password-1".toCharArray())).isEmpty();
    assertThat(store.verify("d1", "password-new".toCharArray()))
        .isEqualTo(Optional.of(new Identity("d1", Role.OPERATOR)));

    put("d2", Role.DEVICE, "password-2");
    assertThat(store.isDevice("d2")).isTrue();
    CredentialsFile.update(
        file(),
        credentials -> {
          credentials.remove("d1");
          return credentials;
        });
    assertThat(store.verify("d1", "password-new".toCharArray())).isEmpty();
  }

  @Test
  void malformedChange_keepsTheIdentitiesReadBefore() throws Exception {
    put("d1", Role.DEVICE, "password-1");
    CredentialStore store = new CredentialStore(file());

    Files.writeString(file(), "garbage\n");

    assertThat(store.verify("d1", "password-1".toCharArray())).isPresent();
    assertThat(store.size()).isEqualTo(1);
  }
}
