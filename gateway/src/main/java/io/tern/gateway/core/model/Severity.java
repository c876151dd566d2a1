package io.tern.gateway.core.model;

/** How urgent an alert is. */
public enum Severity {
  INFO,
  WARNING,
  CRITICAL
}
