package io.tern.gateway.core.model;

/**
 * An estimated quantile of the values in one rollup window.
 *
 * @param quantile which quantile, in [0, 1] (e.g. 0.99)
 * @param value the estimate, within the sketch's relative accuracy of the exact quantile
 */
public record Quantile(double quantile, double value) {

  public Quantile {
    if (!(quantile >= 0.0 && quantile <= 1.0)) {
      throw new IllegalArgumentException("quantile must be in 0..1, was " + quantile);
    }
  }
}
