package io.tern.launcher.crash;

/** The exact aggregate of one window; the mean is {@code sum / count}. */
public record ExpectedRollup(long count, double min, double max, double sum, double last) {}
