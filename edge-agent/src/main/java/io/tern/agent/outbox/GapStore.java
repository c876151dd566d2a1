package io.tern.agent.outbox;

import io.tern.agent.batch.Gap;
import io.tern.agent.batch.GapReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The durable side of the gaps: the {@link GapLedger} in the {@code gaps} file (rewritten
 * atomically when a run starts, on drops and acknowledgements, and by {@link #flush}) and the run
 * growing at the head of the stream in {@link GapTail}. Readers get an immutable snapshot.
 *
 * <p>Not thread-safe except {@link #snapshot()}: guarded by the outbox's lock.
 */
final class GapStore implements AutoCloseable {
  static final String FILE = "gaps";
  private final Path file;
  private final GapLedger ledger;
  private final GapTail tail;
  private volatile List<Gap> snapshot;
  private boolean dirty;
  private boolean stale;

  private GapStore(Path file, GapLedger ledger, GapTail tail) {
    this.file = file;
    this.ledger = ledger;
    this.tail = tail;
    this.snapshot = ledger.snapshot();
  }

  /**
   * Loads the gaps after {@code ackedSeq}, with what a crash left only in {@link GapTail}.
   *
   * @throws IllegalStateException if the gaps file is unreadable
   */
  static GapStore open(Path dir, long ackedSeq) throws IOException {
    Path file = dir.resolve(FILE);
    GapLedger ledger;
    try {
      ledger = GapLedger.parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      ledger = new GapLedger();
    } catch (IllegalArgumentException e) {
      throw new IllegalStateException("unreadable gaps file " + file + ": " + e.getMessage(), e);
    }
    ledger.pruneAcked(ackedSeq);
    GapTail tail = GapTail.open(dir);
    try {
      Gap run = tail.read();
      if (run != null) {
        ledger.absorbTail(run, ackedSeq);
      }
    } catch (IOException | RuntimeException e) {
      tail.close();
      throw e;
    }
    return new GapStore(file, ledger, tail);
  }

  /** Records dropped seqs {@code first..last} (a budget drop of older readings). */
  void record(long first, long last, GapReason reason) {
    ledger.record(first, last, reason);
    snapshot = ledger.snapshot();
    dirty = true;
  }

  /**
   * Records the newest seq as dropped. Extending the current run costs one 24-byte positional
   * write; a new run also makes the gaps file due for a rewrite at once.
   *
   * @throws IOException if {@link GapTail} cannot be written (the gaps file is then due)
   */
  void recordHead(long seq, GapReason reason) throws IOException {
    Gap previous = ledger.covering(seq - 1);
    boolean extendsRun = previous != null && previous.reason() == reason;
    ledger.record(seq, seq, reason);
    snapshot = ledger.snapshot();
    if (extendsRun) {
      stale = true; // rewritten by flush()
    } else {
      dirty = true;
    }
    try {
      tail.write(ledger.covering(seq));
    } catch (IOException e) {
      dirty = true;
      throw e;
    }
  }

  /** Forgets gaps up to {@code ackedSeq}. */
  void pruneAcked(long ackedSeq) {
    if (ledger.pruneAcked(ackedSeq)) {
      snapshot = ledger.snapshot();
      dirty = true;
    }
  }

  /** Rewrites the gaps file if a change is not in it yet (or, with {@code all}, not complete). */
  void flush(boolean all) throws IOException {
    if (dirty || (all && stale)) {
      AtomicFiles.write(file, ledger.toText(), false);
      dirty = false;
      stale = false;
    }
  }

  List<Gap> snapshot() {
    return snapshot;
  }

  DropCounts dropped() {
    return ledger.dropped();
  }

  long maxSeq() {
    return ledger.maxSeq();
  }

  @Override
  public void close() throws IOException {
    tail.close();
  }
}
