package io.tern.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.tern.bridge.cli.BridgeCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two bridges with the same consumer name on one output log must not both run: the second is
 * refused with one line naming the lock file, in this process and from another process (where the
 * error also names the holder's pid). A killed holder leaves nothing to clean up.
 */
class BridgeLockIT {

  private static final Duration PATIENCE = Duration.ofSeconds(60);

  @TempDir Path dir;

  private String[] args(String file) {
    return new String[] {
      "--output-log", dir.resolve("output").toString(), "--sink", "file", "--file", file
    };
  }

  private Path lockFile(BridgeConfig config) {
    return dir.resolve("output/consumers/" + Bridge.consumerName(config) + ".lock");
  }

  @Test
  void secondBridgeInThisProcess_isRefusedNamingTheLockFile_andStartsOnceTheFirstStopped()
      throws Exception {
    BridgeConfig config = BridgeCommand.parseConfig(args(dir.resolve("out.ndjson").toString()));
    try (Bridge first = Bridge.start(config)) {
      assertThatThrownBy(() -> Bridge.start(config))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("another bridge (in this process) already delivers the output log")
          .hasMessageContaining("(it holds " + lockFile(config) + ")");

      // the output log appears after the bridge started (and created consumers/ in its folder)
      try (OutputLogWriter log = new OutputLogWriter(dir.resolve("output"))) {
        for (int i = 0; i < 3; i++) {
          log.write(OutputLogWriter.rollup("dev-1", "temp", i * 60_000L));
        }
      }
      await().atMost(PATIENCE).until(() -> first.stats().rollupsDelivered() == 3);
      assertThat(first.running()).as("the refused start left the first bridge alone").isTrue();
    }
    try (Bridge again = Bridge.start(config)) {
      assertThat(again.running()).isTrue();
    }
  }

  @Test
  void bridgesWithOtherSinksOnTheSameLog_runSideBySide() {
    BridgeConfig one = BridgeCommand.parseConfig(args(dir.resolve("one.ndjson").toString()));
    BridgeConfig two = BridgeCommand.parseConfig(args(dir.resolve("two.ndjson").toString()));
    try (Bridge first = Bridge.start(one);
        Bridge second = Bridge.start(two)) {
      assertThat(first.running()).isTrue();
      assertThat(second.running()).isTrue();
    }
  }

  @Test
  void secondBridgeProcess_exitsWithOneLineErrorNamingTheHolder_andAKilledHolderFreesTheLock()
      throws Exception {
    String[] args = args(dir.resolve("out.ndjson").toString());
    BridgeConfig config = BridgeCommand.parseConfig(args);
    try (BridgeProcess first = BridgeProcess.start(dir.resolve("first.log"), args)) {
      await()
          .atMost(PATIENCE)
          .until(
              () ->
                  Files.exists(lockFile(config))
                      && Files.readString(lockFile(config)).strip().equals("pid=" + first.pid()));

      try (BridgeProcess second = BridgeProcess.start(dir.resolve("second.log"), args)) {
        assertThat(second.exitedWithin(PATIENCE.toMillis())).isTrue();
        assertThat(second.exitValue()).isEqualTo(1);
        String expected =
            "error: another bridge (pid "
                + first.pid()
                + ") already delivers the output log "
                + dir.resolve("output").toAbsolutePath()
                + " as consumer '"
                + Bridge.consumerName(config)
                + "' (it holds "
                + lockFile(config)
                + "); stop it, or give this bridge another --bridge-id or sink";
        assertThat(Files.readAllLines(second.logFile())).contains(expected);
      }
      assertThatThrownBy(() -> Bridge.start(config))
          .hasMessageContaining("another bridge (pid " + first.pid() + ")");

      first.killHard();
    }
    try (Bridge after = Bridge.start(config)) {
      assertThat(after.running()).isTrue();
    }
  }
}
