package io.tern.bridge.output;

/** What a gateway output is; decides the topic it goes to. */
public enum OutputKind {
  ROLLUP,
  ALERT,
  /** Seqs an agent reports it dropped unsent ({@code tern.v1.DataGap}): readings known lost. */
  GAP
}
