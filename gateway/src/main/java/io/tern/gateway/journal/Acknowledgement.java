package io.tern.gateway.journal;

/**
 * Told once whether a batch handed to the {@link JournalWriter} is in the journal. Called on the
 * journal writer thread (or the offering thread when the writer is stopping): must not block.
 */
public interface Acknowledgement {

  /** The batch is in the journal (and, with group sync, on the storage device). */
  void journaled();

  /** The batch was not journaled; the sender should retry. */
  void failed(String reason);
}
