package io.tern.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.tern.gateway.cli.GatewayMain;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code gateway devices add|remove|list} through the gateway's real command line. */
class DevicesCommandTest {
  private static final int FAST_ITERATIONS = 1_000; // the default is slow on purpose

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int execute(String stdin, String... args) {
    CommandLine commandLine = GatewayMain.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    DevicesCommand.Add add =
        commandLine.getSubcommands().get("devices").getSubcommands().get("add").getCommand();
    add.in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
    add.iterations = FAST_ITERATIONS;
    return commandLine.execute(args);
  }

  private Map<String, Credential> stored() {
    return CredentialsFile.read(dir.resolve("credentials"));
  }

  @Test
  void add_storesASaltedHashReadableByTheOwnerOnly() throws IOException {
    int exit = execute("s3cret-pass\n", "devices", "add", "boiler-1", "--data-dir", dir.toString());

    assertThat(exit).as(err.toString()).isZero();
    Path file = dir.resolve("credentials");
    String text = Files.readString(file);
    assertThat(text).contains("boiler-1:device:pbkdf2-sha256:1000:").doesNotContain("s3cret-pass");
    assertThat(Files.getPosixFilePermissions(file))
        .isEqualTo(PosixFilePermissions.fromString("rw-------"));
    Credential credential = stored().get("boiler-1");
    assertThat(credential.role()).isEqualTo(Role.DEVICE);
    assertThat(credential.password().matches("s3cret-pass".toCharArray())).isTrue();
    assertThat(credential.password().matches("s3cret-pasS".toCharArray())).isFalse();
  }

  @Test
  void add_samePasswordTwice_givesDifferentSalts() {
    execute("same-password", "devices", "add", "a", "--data-dir", dir.toString());
    execute("same-password", "devices", "add", "b", "--data-dir", dir.toString());

    assertThat(stored().get("a").password()).isNotEqualTo(stored().get("b").password());
    assertThat(stored().get("a").password().encode().split(":")[3])
        .isNotEqualTo(stored().get("b").password().encode().split(":")[3]);
  }

  @Test
  void add_readsPasswordFile_andOperatorRole() throws IOException {
    Path passwordFile = Files.writeString(dir.resolve("pw"), "operator-pass\n");
    Path credentials = dir.resolve("elsewhere/creds");

    int exit =
        execute(
            "",
            "devices",
            "add",
            "ops",
            "--role",
            "operator",
            "--password-file",
            passwordFile.toString(),
            "--credentials",
            credentials.toString());

    assertThat(exit).as(err.toString()).isZero();
    Credential credential = CredentialsFile.read(credentials).get("ops");
    assertThat(credential.role()).isEqualTo(Role.OPERATOR);
    assertThat(credential.password().matches("operator-pass".toCharArray())).isTrue();
  }

  @Test
  void add_existing_isRefusedUnlessReplace() {
    execute("first-password", "devices", "add", "d1", "--data-dir", dir.toString());

    int refused = execute("second-password", "devices", "add", "d1", "--data-dir", dir.toString());
    assertThat(refused).isEqualTo(1);
    assertThat(err.toString())
        .isEqualTo("error: 'd1' already exists (use --replace to change its password)\n");
    assertThat(stored().get("d1").password().matches("first-password".toCharArray())).isTrue();

    int replaced =
        execute(
            "second-password", "devices", "add", "d1", "--replace", "--data-dir", dir.toString());
    assertThat(replaced).isZero();
    assertThat(stored().get("d1").password().matches("second-password".toCharArray())).isTrue();
  }

  @Test
  void add_badInput_oneLineErrors() {
    assertThat(execute("short", "devices", "add", "d1", "--data-dir", dir.toString())).isEqualTo(1);
    assertThat(execute("long-enough", "devices", "add", "a/b", "--data-dir", dir.toString()))
        .isEqualTo(1);
    assertThat(
            execute(
                "long-enough", "devices", "add", "d1", "--role", "admin", "--data-dir", "" + dir))
        .isEqualTo(1);
    assertThat(execute("long-enough", "devices", "add", "d1", "--password=x")).isEqualTo(2);

    assertThat(err.toString().lines())
        .containsExactly(
            "error: the password must have at least 8 characters",
            "error: invalid identity 'a/b': use 1 to 128 letters, digits, '_', '.' or '-' (it is"
                + " the device id)",
            "error: unknown role 'admin' (expected device or operator)",
            "error: Unknown option: '--password=x' (see --help)");
    assertThat(dir.resolve("credentials")).doesNotExist();
  }

  @Test
  void removeAndList() {
    execute("password-1", "devices", "add", "d1", "--data-dir", dir.toString());
    execute("password-2", "devices", "add", "ops", "--role", "operator", "--data-dir", "" + dir);
    execute("password-3", "devices", "add", "d2", "--data-dir", dir.toString());

    assertThat(execute("", "devices", "remove", "d1", "--data-dir", dir.toString())).isZero();
    out.getBuffer().setLength(0);
    assertThat(execute("", "devices", "list", "--data-dir", dir.toString())).isZero();

    assertThat(out.toString().lines()).containsExactly("ops operator", "d2 device");
    assertThat(execute("", "devices", "remove", "d1", "--data-dir", dir.toString())).isEqualTo(1);
    assertThat(err.toString()).startsWith("error: no identity 'd1' in ");
  }

  @Test
  void defaultIterations_areWrittenToTheFile() {
    DevicesCommand.Add add = new DevicesCommand.Add();
    assertThat(add.iterations).isEqualTo(PasswordHash.DEFAULT_ITERATIONS).isEqualTo(600_000);
  }
}
