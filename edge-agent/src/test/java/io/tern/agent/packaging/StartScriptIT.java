package io.tern.agent.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball built in the package phase, unpacked, and its {@code bin/tern-agent}: the layout,
 * help and version, the small-device JVM defaults and their override, and the one-line errors when
 * no usable Java is found.
 */
class StartScriptIT {
  @TempDir Path tmp;
  private Path home;
  private Path script;

  @BeforeEach
  void unpackTarball() throws Exception {
    String property = System.getProperty("tern.agent.tarball");
    assumeTrue(
        property != null, "tern.agent.tarball not set: run through Maven (failsafe sets it)");
    assumeTrue(Command.onPath("tar"), "tar not found on PATH");
    Path tarball = Path.of(property);
    assertThat(tarball).as("the tarball built in the package phase").isRegularFile();
    Command.Result untar =
        Command.of("tar", "-xzf", tarball.toString(), "-C", tmp.toString()).run(tmp);
    assertThat(untar.exitCode()).as(untar.describe()).isZero();
    home = tmp.resolve("tern-agent-" + System.getProperty("tern.agent.version"));
    script = home.resolve("bin/tern-agent");
  }

  @Test
  void layout_hasScriptJarsConfigUnitAndNotice() throws Exception {
    assertThat(script).isExecutable();
    assertThat(home.resolve("lib/systemd/system/tern-agent.service")).isRegularFile();
    assertThat(home.resolve("etc/tern-agent.env")).content().contains("TERN_AGENT_JAVA_OPTS=");
    assertThat(home.resolve("etc/agent.yaml")).content().contains("device-id:");
    assertThat(home.resolve("etc/simplelogger.properties")).isRegularFile();
    assertThat(home.resolve("NOTICE")).isRegularFile();
    assertThat(home.resolve("README.md")).content().contains("## Install");
    try (var jars = Files.list(home.resolve("lib"))) {
      assertThat(jars.map(p -> p.getFileName().toString()))
          .anyMatch(j -> j.startsWith("tern-edge-agent-"))
          .anyMatch(j -> j.startsWith("chronicle-queue-"))
          .noneMatch(j -> j.matches("(?i).*(hivemq|micronaut|gateway|kafka|junit).*"));
    }
  }

  @Test
  void help_andVersion_runWithJavaFromJavaHome() throws Exception {
    Command.Result help = withTestJava(Command.of(script.toString(), "--help")).run(tmp);
    assertThat(help.exitCode()).as(help.describe()).isZero();
    assertThat(help.out()).contains("Usage: agent").contains("--device-id").contains("--source");

    Command.Result version = withTestJava(Command.of(script.toString(), "--version")).run(tmp);
    assertThat(version.out().strip())
        .isEqualTo("tern agent " + System.getProperty("tern.agent.version"));
  }

  @Test
  void wrongFlag_isOneLineErrorWithExitTwo() throws Exception {
    Command.Result run =
        withTestJava(Command.of(script.toString(), "--device-id", "d", "--bogus")).run(tmp);
    assertThat(run.exitCode()).as(run.describe()).isEqualTo(2);
    assertThat(run.err().strip())
        .startsWith("error: Unknown option: '--bogus'")
        .endsWith("(see --help)");
  }

  @Test
  void jvmDefaults_capTheHeap_andTernAgentJavaOptsOverrideThem() throws Exception {
    Command.Result defaults =
        withTestJava(Command.of(script.toString(), "--version"))
            .env("TERN_AGENT_JAVA_OPTS", "-XshowSettings:vm")
            .run(tmp);
    String heap = System.getProperty("tern.agent.heap", "48m").replace("m", ".00M");
    assertThat(defaults.err()).as(defaults.describe()).contains("Max. Heap Size: " + heap);
    assertThat(defaults.err()).contains("Stack Size: 256.00K");

    Command.Result flags =
        withTestJava(Command.of(script.toString(), "--version"))
            .env("TERN_AGENT_JAVA_OPTS", "-XX:+PrintFlagsFinal")
            .run(tmp);
    assertThat(flags.out()).as(flags.describe()).containsPattern("CICompilerCount\\s+= 1 ");
    Runtime.Version java = Runtime.version();
    boolean trims =
        (java.feature() == 17 && java.update() >= 9)
            || (java.feature() == 21 && java.update() >= 1)
            || java.feature() >= 22;
    if (trims) {
      assertThat(flags.out()).containsPattern("TrimNativeHeapInterval\\s+= 5000 ");
    }

    Command.Result overridden =
        withTestJava(Command.of(script.toString(), "--version"))
            .env("TERN_AGENT_JAVA_OPTS", "-XshowSettings:vm -Xmx40m")
            .run(tmp);
    assertThat(overridden.err()).as(overridden.describe()).contains("Max. Heap Size: 40.00M");
    assertThat(overridden.exitCode()).isZero();
  }

  @Test
  void javaOlderThan17_isRefusedWithOneLine() throws Exception {
    // A Java 11 installation as seen through its 'release' file; its java must not even run.
    Path jdk11 = fakeJava("jdk11", "JAVA_VERSION=\"11.0.22\"", "exit 3");
    Command.Result run =
        Command.of(script.toString(), "--help").env("JAVA_HOME", jdk11.toString()).run(tmp);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip())
        .isEqualTo(
            "tern-agent: Java 11 found at "
                + jdk11.resolve("bin/java")
                + "; tern-agent needs Java 17 or newer (set JAVA_HOME)");

    // Without a release file the script asks 'java -version' (Java 8 prints 1.8.0_...).
    Path jdk8 = fakeJava("jdk8", null, "echo 'openjdk version \"1.8.0_402\"' >&2");
    Command.Result old =
        Command.of(script.toString(), "--help").env("JAVA_HOME", jdk8.toString()).run(tmp);
    assertThat(old.exitCode()).isEqualTo(1);
    assertThat(old.err().strip()).startsWith("tern-agent: Java 8 found at ");
  }

  @Test
  void noJava_isOneLineError() throws Exception {
    // A PATH with the tools the script uses, but no java.
    Path bin = Files.createDirectories(tmp.resolve("tools"));
    for (String tool : List.of("readlink", "dirname", "sed", "cut")) {
      Path real =
          List.of(Path.of("/usr/bin", tool), Path.of("/bin", tool)).stream()
              .filter(Files::isExecutable)
              .findFirst()
              .orElseThrow();
      Files.createSymbolicLink(bin.resolve(tool), real);
    }
    Command.Result run =
        Command.of("/bin/sh", script.toString(), "--help")
            .unsetEnv("JAVA_HOME")
            .env("PATH", bin.toString())
            .run(tmp);
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err().strip()).startsWith("tern-agent: no Java found; install Java 17 or newer");

    Command.Result missing =
        Command.of(script.toString(), "--help")
            .env("JAVA_HOME", tmp.resolve("nope").toString())
            .run(tmp);
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err().strip()).contains("has no bin/java");
  }

  private static Command withTestJava(Command command) {
    return command.env("JAVA_HOME", System.getProperty("java.home"));
  }

  private Path fakeJava(String name, String release, String javaBody) throws Exception {
    Path jdk = Files.createDirectories(tmp.resolve(name).resolve("bin")).getParent();
    if (release != null) {
      Files.writeString(jdk.resolve("release"), release + "\n");
    }
    Path java = Files.writeString(jdk.resolve("bin/java"), "#!/bin/sh\n" + javaBody + "\n");
    Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
    return jdk;
  }
}
