package io.tern.bridge.output;

/** What a gateway output is; decides the topic it goes to. */
public enum OutputKind {
  ROLLUP,
  ALERT
}
