package io.tern.gateway.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot files: atomic write, the newest intact one wins, damage falls back, two are kept. */
class SnapshotStoreTest {
  @TempDir Path dir;

  @Test
  void emptyFolder_hasNoSnapshot() throws Exception {
    SnapshotStore store = new SnapshotStore(dir.resolve("snapshots"));
    assertThat(store.latest()).isEmpty();
    assertThat(store.oldestKeptIndex()).isEqualTo(-1);
  }

  @Test
  void newestIsRead_andOnlyTheTwoNewestAreKept() throws Exception {
    SnapshotStore store = new SnapshotStore(dir);
    store.write(10, out -> out.writeUTF("ten"));
    store.write(0x7_0000_0003L, out -> out.writeUTF("later"));
    store.write(0x7_0000_0009L, out -> out.writeUTF("latest"));

    SnapshotStore.Snapshot latest = store.latest().orElseThrow();
    assertThat(latest.journalIndex()).isEqualTo(0x7_0000_0009L);
    assertThat(new String(latest.state(), 2, latest.state().length - 2)).isEqualTo("latest");
    assertThat(files()).isEqualTo(2);
    assertThat(store.oldestKeptIndex()).isEqualTo(0x7_0000_0003L);
  }

  @Test
  void damagedNewest_fallsBackToThePreviousOne() throws Exception {
    SnapshotStore store = new SnapshotStore(dir);
    store.write(1, out -> out.writeLong(111));
    store.write(2, out -> out.writeLong(222));
    Path newest = store.latest().orElseThrow().file();
    byte[] bytes = Files.readAllBytes(newest);
    bytes[bytes.length - 12] ^= 1; // flip a bit of the state
    Files.write(newest, bytes);

    assertThat(store.latest().orElseThrow().journalIndex()).isEqualTo(1);

    Files.write(newest, new byte[] {'T', 'E', 'R', 'N'}); // truncated
    assertThat(store.latest().orElseThrow().journalIndex()).isEqualTo(1);
  }

  private long files() throws Exception {
    try (Stream<Path> list = Files.list(dir)) {
      return list.count();
    }
  }
}
