package io.tern.gateway.core.model;

/** An alert episode starts {@code RAISED} and ends {@code CLEARED}; both carry the same id. */
public enum AlertState {
  RAISED,
  CLEARED
}
